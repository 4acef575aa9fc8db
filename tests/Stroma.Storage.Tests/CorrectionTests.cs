using System.Text;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Course;
using Stroma.Core.Simulation;

namespace Stroma.Storage.Tests;

/// <summary>Single lab results entered, amended with a reason and retracted: every step audited, the reasons append-only.</summary>
public abstract class CorrectionTests(IStoreFixture fixture)
{
    private static readonly byte[] Form = Encoding.UTF8.GetBytes("{\"value\":\"0.9\"}");

    private static LabResult Creatinine(double value, string id = "lab-web-1") =>
        LabResult.Create(id, Analyte.Creatinine, new DateTimeOffset(2026, 2, 3, 9, 15, 0, TimeSpan.FromHours(1)), value, "mg/dL");

    private async Task<StromaStore> StoreAsync()
    {
        var store = await fixture.NewStoreAsync();
        await store.SaveCourseAsync(DemoCase.Build(), new PatientIdentity(DemoCase.PatientId, "Synthetic Demo", "H-000"));
        return store;
    }

    [Fact]
    public async Task Amend_KeepsBeforeAndAfterInTheTrail_AndTheReasonBesideIt()
    {
        var store = (await StoreAsync()).WithActor("nurse-1");
        (await store.AddLabAsync(DemoCase.PatientId, Creatinine(0.9), Core.RawInput.Of("form.json", Form))).ValueOrThrow();
        var corrected = (await store.AmendLabAsync(DemoCase.PatientId, Creatinine(0.8), "typo: 0.8 on the report", Core.RawInput.Of("form2.json", Encoding.UTF8.GetBytes("{}")))).ValueOrThrow();

        Assert.Equal(("amend", "nurse-1", "typo: 0.8 on the report"), (corrected.Action, corrected.Actor, corrected.Reason));
        Assert.Equal(0.8, (await store.LoadLabAsync(DemoCase.PatientId, "lab-web-1"))!.Reported.Value);
        var trail = await store.AuditOfAsync(StromaStore.LabTable, StromaStore.RecordKey(DemoCase.PatientId, "lab-web-1"));
        Assert.Equal(["insert", "update"], trail.Select(e => e.Action));
        Assert.Contains("0.9", trail[1].Before!, StringComparison.Ordinal);
        Assert.Contains("0.8", trail[1].After!, StringComparison.Ordinal);
        Assert.All(trail, e => Assert.Equal("nurse-1", e.Actor));
        var report = await store.VerifyAuditAsync();
        Assert.True(report.IsIntact, string.Join("\n", report.Problems));
    }

    [Fact]
    public async Task Retract_RemovesFromTheCourse_KeepsTheTrail()
    {
        var store = await StoreAsync();
        (await store.AddLabAsync(DemoCase.PatientId, Creatinine(0.9), Core.RawInput.Of("form.json", Form))).ValueOrThrow();
        (await store.RetractLabAsync(DemoCase.PatientId, "lab-web-1", "wrong patient")).ValueOrThrow();

        Assert.DoesNotContain((await store.LoadCourseAsync(DemoCase.PatientId))!.Labs, l => l.Id == "lab-web-1");
        var trail = await store.AuditOfAsync(StromaStore.LabTable, StromaStore.RecordKey(DemoCase.PatientId, "lab-web-1"));
        Assert.Equal(["insert", "delete"], trail.Select(e => e.Action));
        Assert.Contains("0.9", trail[1].Before!, StringComparison.Ordinal);
        Assert.Equal("wrong patient", Assert.Single(await store.LoadCorrectionsAsync(DemoCase.PatientId, StromaStore.LabTable, "lab-web-1")).Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("two\nlines")]
    public async Task CorrectionWithoutAOneLineReason_IsRefused_AndWritesNothing(string? reason)
    {
        var store = await StoreAsync();
        (await store.AddLabAsync(DemoCase.PatientId, Creatinine(0.9), Core.RawInput.Of("form.json", Form))).ValueOrThrow();
        var entries = (await store.VerifyAuditAsync()).Entries;

        var amended = await store.AmendLabAsync(DemoCase.PatientId, Creatinine(0.8), reason, Core.RawInput.Of("f.json", Form));
        var retracted = await store.RetractLabAsync(DemoCase.PatientId, "lab-web-1", reason);

        Assert.Equal(CorrectionIssues.BadReason, Assert.Single(amended.Issues).Code);
        Assert.Equal(CorrectionIssues.BadReason, Assert.Single(retracted.Issues).Code);
        Assert.Equal(entries, (await store.VerifyAuditAsync()).Entries);
    }

    [Fact]
    public async Task Refusals_NameTheirReason()
    {
        var store = await StoreAsync();
        (await store.AddLabAsync(DemoCase.PatientId, Creatinine(0.9), Core.RawInput.Of("form.json", Form))).ValueOrThrow();

        Assert.Equal(LabCsvIssues.DuplicateMeasurement, Assert.Single((await store.AddLabAsync(DemoCase.PatientId, Creatinine(0.9, "lab-web-2"), Core.RawInput.Of("f.json", Form))).Issues).Code);
        Assert.Equal(LabCsvIssues.ConflictingMeasurement, Assert.Single((await store.AddLabAsync(DemoCase.PatientId, Creatinine(1.1, "lab-web-3"), Core.RawInput.Of("f.json", Form))).Issues).Code);
        Assert.Equal(LabCsvIssues.UnknownPatient, Assert.Single((await store.AddLabAsync("P-NONE", Creatinine(0.9), Core.RawInput.Of("f.json", Form))).Issues).Code);
        Assert.Equal(CorrectionIssues.NoChange, Assert.Single((await store.AmendLabAsync(DemoCase.PatientId, Creatinine(0.9), "same", Core.RawInput.Of("f.json", Form))).Issues).Code);
        Assert.Equal(CorrectionIssues.UnknownRecord, Assert.Single((await store.RetractLabAsync(DemoCase.PatientId, "lab-none", "gone")).Issues).Code);
    }

    // A creatinine amended into a UPCR is another measurement, not a correction of this one: refused at the analyte, nothing written.
    [Fact]
    public async Task Amend_ToAnotherAnalyte_IsRefusedAtTheAnalyte_AndWritesNothing()
    {
        var store = await StoreAsync();
        (await store.AddLabAsync(DemoCase.PatientId, Creatinine(0.9), Core.RawInput.Of("form.json", Form))).ValueOrThrow();
        var entries = (await store.VerifyAuditAsync()).Entries;
        var upcr = LabResult.Create("lab-web-1", Analyte.Upcr, new DateTimeOffset(2026, 2, 3, 9, 15, 0, TimeSpan.FromHours(1)), 0.9, "mg/mg");

        var amended = await store.AmendLabAsync(DemoCase.PatientId, upcr, "it was the urine sample", Core.RawInput.Of("f.json", Form));

        var issue = Assert.Single(amended.Issues);
        Assert.Equal((CorrectionIssues.AnalyteChanged, "analyte"), (issue.Code, issue.Location));
        Assert.Equal(Analyte.Creatinine, (await store.LoadLabAsync(DemoCase.PatientId, "lab-web-1"))!.Analyte);
        Assert.Equal(entries, (await store.VerifyAuditAsync()).Entries);
    }

    // LAB011 says which specimen in words and the values and time as entered (it showed the enum's name and seven-digit fractions).
    [Fact]
    public async Task ConflictingMeasurement_ShowsTheSpecimenInWords_AndTheTimeAsEntered()
    {
        var store = await StoreAsync();
        (await store.AddLabAsync(DemoCase.PatientId, Creatinine(0.9), Core.RawInput.Of("form.json", Form))).ValueOrThrow();
        var csv = "sampled_at,analyte,value,unit\n2026-02-03T09:15:00+01:00,creatinine,1.1,mg/dL\n";

        var added = Assert.Single((await store.AddLabAsync(DemoCase.PatientId, Creatinine(1.1, "lab-web-3"), Core.RawInput.Of("f.json", Form))).Issues);
        var imported = Assert.Single((await store.ImportLabsAsync(DemoCase.PatientId, "later.csv", Encoding.UTF8.GetBytes(csv))).Issues);

        foreach (var issue in new[] { added, imported })
        {
            Assert.Equal(LabCsvIssues.ConflictingMeasurement, issue.Code);
            Assert.Contains("(serum or plasma) at 2026-02-03T09:15:00+01:00", issue.Message, StringComparison.Ordinal);
            Assert.Contains("0.9 mg/dL", issue.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("SerumOrPlasma", issue.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(".0000000", issue.Message, StringComparison.Ordinal);
        }
    }

    // A reader assessed the course, then a nurse retracted a creatinine before the reader kept its derived eGFR values: the
    // derivation of the retracted lab is not written (it would point at nothing), the others are.
    [Fact]
    public async Task DerivedEgfr_OfALabRetractedMeanwhile_IsNotKept()
    {
        var store = await StoreAsync();
        var course = (await store.LoadCourseAsync(DemoCase.PatientId))!;
        var points = CourseAssessment.Assess(course, TreatmentProtocol.SeedCase).ValueOrThrow().Renal.Points;
        var retracted = points[0].CreatinineLabId;
        (await store.RetractLabAsync(DemoCase.PatientId, retracted, "sample mislabelled")).ValueOrThrow();

        var written = await store.SaveDerivedEgfrAsync(DemoCase.PatientId, points);

        var kept = await store.LoadDerivedEgfrAsync(DemoCase.PatientId);
        Assert.Equal(points.Count - 1, written);
        Assert.DoesNotContain(kept, d => d.CreatinineLabId == retracted);
        Assert.Equal(points.Count - 1, kept.Count);
    }

    [Fact]
    public async Task Reasons_CannotBeChangedOrRemoved_ByTheApplicationsConnection()
    {
        var store = await StoreAsync();
        (await store.AddLabAsync(DemoCase.PatientId, Creatinine(0.9), Core.RawInput.Of("form.json", Form))).ValueOrThrow();
        (await store.RetractLabAsync(DemoCase.PatientId, "lab-web-1", "wrong patient")).ValueOrThrow();

        await using var db = store.Location.CreateContext("mallory");
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE record_corrections SET \"Reason\" = 'nothing happened'"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM record_corrections"));
        Assert.Equal("wrong patient", Assert.Single(await store.LoadCorrectionsAsync(DemoCase.PatientId, StromaStore.LabTable, "lab-web-1")).Reason);
    }
}

public sealed class SqliteCorrectionTests(SqliteFixture fixture) : CorrectionTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresCorrectionTests(PostgresFixture fixture) : CorrectionTests(fixture), IClassFixture<PostgresFixture>;
