using System.Text;
using System.Text.RegularExpressions;
using Stroma.Application.Course;
using Stroma.Application.Demo;
using Stroma.Core.Course;
using Stroma.Core.Simulation;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Course;

public abstract partial class CaseReportsTests(IStoreFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Assess_UnknownPatient_IsRefusedNamingThePatientField()
    {
        var store = await fixture.NewStoreAsync();

        var result = await CaseReports.AssessAsync(store, PatientId.Parse("P-NONE"), TreatmentProtocol.SeedCase, pseudonymise: false, TestContext.Current.CancellationToken);

        Assert.Null(result.Value);
        var issue = Assert.Single(result.Issues);
        Assert.Equal((LabCsvIssues.UnknownPatient, "patient"), (issue.Code, issue.Location));
        Assert.Contains("P-NONE", issue.Message, StringComparison.Ordinal);
    }

    // Assessing twice stores the derived eGFR once (issue 11: the report re-wrote them on every run); a pseudonymised assessment
    // writes nothing at all.
    [Fact]
    public async Task Assess_AgainOrPseudonymised_WritesNothingMore()
    {
        var store = await fixture.NewStoreAsync();
        await DemoLoad.RunAsync(store, new Progress<string>(), Now, TestContext.Current.CancellationToken);
        var before = (await store.VerifyAuditAsync(cancellationToken: TestContext.Current.CancellationToken)).Entries;

        var again = await CaseReports.AssessAsync(store, DemoCase.Id, TreatmentProtocol.SeedCase, pseudonymise: false, TestContext.Current.CancellationToken);
        var hidden = await CaseReports.AssessAsync(store, DemoCase.Id, TreatmentProtocol.SeedCase, pseudonymise: true, TestContext.Current.CancellationToken);

        Assert.NotNull(again.Value);
        Assert.NotNull(hidden.Value!.ShiftDays);
        Assert.Equal(before, (await store.VerifyAuditAsync(cancellationToken: TestContext.Current.CancellationToken)).Entries);
        // Intervals stay exact under the shift: the same study days, the same verdict.
        Assert.Equal(again.Value!.Assessment.LastFollowUpDay, hidden.Value.Assessment.LastFollowUpDay);
        Assert.Equal(again.Value.Course.Patient.BirthDate.AddDays(hidden.Value.ShiftDays!.Value), hidden.Value.Course.Patient.BirthDate);
    }

    // Readers never write (the web app's pages and API read through ReadAsync): the writes that change a derivation's inputs keep the
    // derived eGFR in line instead — a creatinine entered has its eGFR stored at once, a retracted one loses it.
    [Fact]
    public async Task DerivedEgfr_FollowsTheLabWrites_AndReadingWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await fixture.NewStoreAsync();
        await DemoLoad.RunAsync(store, new Progress<string>(), Now, ct);
        await (await fixture.OpenAsync(fixture.Administrator(store), "administrator", Storage.StoreOpening.Existing)).SaveSettingAsync(SiteTime.Setting, "Europe/Rome", ct);
        var fields = new LabEntryFields("creatinine", "0.97", "mg/dL", "2022-06-06T09:30", "serum_or_plasma");

        var entered = await Stroma.Application.Labs.LabEntries.RecordAsync(store, DemoCase.Id, fields, Now, ct);

        var lab = entered.ValueOrThrow().Lab;
        Assert.Contains(await store.LoadDerivedEgfrAsync(DemoCase.PatientId, ct), d => d.CreatinineLabId == lab.Id);
        var before = (await store.VerifyAuditAsync(cancellationToken: ct)).Entries;
        var read = await CaseReports.ReadAsync(store, DemoCase.Id, TreatmentProtocol.SeedCase, pseudonymise: false, ct);
        Assert.Contains(read.Value!.Assessment.Renal.Points, p => p.CreatinineLabId == lab.Id);
        Assert.Equal(before, (await store.VerifyAuditAsync(cancellationToken: ct)).Entries);

        (await Stroma.Application.Labs.LabEntries.RetractAsync(store, DemoCase.Id, lab.Id, "Entered for the wrong patient", ct)).ValueOrThrow();
        Assert.DoesNotContain(await store.LoadDerivedEgfrAsync(DemoCase.PatientId, ct), d => d.CreatinineLabId == lab.Id);
    }

    // The pseudonymised report carries neither the name, the hospital number nor the birth date, and its dates are shifted.
    [Fact]
    public async Task Render_Pseudonymised_HoldsNoIdentityAndShiftsDayZero()
    {
        var store = await fixture.NewStoreAsync();
        await DemoLoad.RunAsync(store, new Progress<string>(), Now, TestContext.Current.CancellationToken);
        var course = (await store.LoadCourseAsync(DemoCase.PatientId, TestContext.Current.CancellationToken))!;

        var identified = Encoding.UTF8.GetString((await CaseReports.RenderAsync(store, DemoCase.Id, TreatmentProtocol.SeedCase, false, Now, TestContext.Current.CancellationToken)).Value!);
        var hidden = Encoding.UTF8.GetString((await CaseReports.RenderAsync(store, DemoCase.Id, TreatmentProtocol.SeedCase, true, Now, TestContext.Current.CancellationToken)).Value!);

        // Day 0 as written: the real date in the identified report, shifted by the patient's secret offset in the other.
        var shift = store.PseudonymShiftDays(DemoCase.PatientId);
        var dayZero = course.DayZero!.Value;
        Assert.NotEqual(0, shift);
        Assert.Equal(dayZero.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), DayZeroWritten(identified));
        Assert.Equal(dayZero.AddDays(shift).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), DayZeroWritten(hidden));
        // The time as written: the site's offset in the identified report; in the other, the clock time shifted by whole days, in UTC.
        Assert.Contains("Day 0 (first MSC infusion): 2021-03-03 10:00 +01:00.", identified, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"Day 0 (first MSC infusion): {dayZero.DateTime.AddDays(shift):yyyy-MM-dd} 10:00 +00:00."), hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("+01:00", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain(course.Patient.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("Synthetic Demo Patient", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("DEMO-HN-0001", hidden, StringComparison.Ordinal);
    }

    // Record ids in a pseudonymised output are opaque: a CSV imported without ids makes ids from the file's SHA-256, whose prefix could be
    // tested against guesses of the file's content with shifted dates; the report and the assessment show keyed ids instead, the same each
    // time (so a researcher's links still meet), and none of the stored ones.
    [Fact]
    public async Task Pseudonymised_RecordIds_AreOpaqueAndStable()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await fixture.NewStoreAsync();
        await DemoLoad.RunAsync(store, new Progress<string>(), Now, ct);
        var csv = Encoding.UTF8.GetBytes("sampled_at,analyte,value,unit\n2022-06-02T08:30:00+02:00,upcr,3.1,mg/mg\n2022-06-02T08:30:00+02:00,creatinine,1.01,mg/dL\n");
        var sha = (await store.ImportLabsAsync(DemoCase.PatientId, "june.csv", csv, ct)).ValueOrThrow().FileSha256;
        var stored = (await store.LoadCourseAsync(DemoCase.PatientId, ct))!.Labs.Select(l => l.Id).ToHashSet();

        var identified = Encoding.UTF8.GetString((await CaseReports.RenderAsync(store, DemoCase.Id, TreatmentProtocol.SeedCase, false, Now, ct)).Value!);
        var hidden = Encoding.UTF8.GetString((await CaseReports.RenderAsync(store, DemoCase.Id, TreatmentProtocol.SeedCase, true, Now, ct)).Value!);
        var first = (await CaseReports.AssessAsync(store, DemoCase.Id, TreatmentProtocol.SeedCase, true, ct)).Value!;
        var second = (await CaseReports.AssessAsync(store, DemoCase.Id, TreatmentProtocol.SeedCase, true, ct)).Value!;

        Assert.Contains(sha[..12], identified, StringComparison.Ordinal);
        Assert.Contains("lab-upcr-", identified, StringComparison.Ordinal);
        Assert.DoesNotContain(sha[..12], hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("lab-upcr-", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("lab-creatinine-", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Course.Labs, l => stored.Contains(l.Id));
        Assert.Equal(stored.Count, first.Course.Labs.Select(l => l.Id).Distinct().Count());
        Assert.Equal(first.Course.Labs.Select(l => l.Id), second.Course.Labs.Select(l => l.Id));
        Assert.All(first.Assessment.Attainment.Points, p => Assert.Contains(first.Course.Labs, l => l.Id == p.LabId));

        // Every other kind of record too (an id typed with a date in it tells the shift): sessions, infusions, drugs and events in the
        // course; adverse events and biopsies in the report, which the identified report shows.
        var course = (await store.LoadCourseAsync(DemoCase.PatientId, ct))!;
        string[] others = [.. course.Sessions.Select(x => x.Id), .. course.Infusions.Select(x => x.Id), .. course.Drugs.Select(x => x.Id), .. course.Events.Select(x => x.Id)];
        string[] shownIds = [.. first.Course.Sessions.Select(x => x.Id), .. first.Course.Infusions.Select(x => x.Id), .. first.Course.Drugs.Select(x => x.Id), .. first.Course.Events.Select(x => x.Id)];
        Assert.NotEmpty(others);
        Assert.Equal(others.Length, shownIds.Length);
        Assert.Empty(others.Intersect(shownIds));
        Assert.All(shownIds, id => Assert.Matches("^r-[0-9a-f]{16}$", id));
        var safety = await store.LoadCellTherapyRecordAsync(DemoCase.PatientId, ct);
        string[] safetyIds = [.. safety.AdverseEvents.Select(e => e.Id), .. safety.Biopsies.Select(b => b.Id)];
        Assert.NotEmpty(safetyIds);
        Assert.All(safetyIds, id => Assert.Contains(id, identified, StringComparison.Ordinal));
        Assert.All(safetyIds, id => Assert.DoesNotContain(id, hidden, StringComparison.Ordinal));
    }

    private static string DayZeroWritten(string html) => DayZeroLine().Match(html) is { Success: true } m ? m.Groups[1].Value : "(no Day 0 line)";

    [GeneratedRegex(@"Day 0 \(first MSC infusion\): (\d{4}-\d{2}-\d{2})")]
    private static partial Regex DayZeroLine();
}

public sealed class SqliteCaseReportsTests(SqliteFixture fixture) : CaseReportsTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresCaseReportsTests(PostgresFixture fixture) : CaseReportsTests(fixture), IClassFixture<PostgresFixture>;
