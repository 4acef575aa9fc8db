using System.Text;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Application.Course;
using Stroma.Core.Course;
using Stroma.Fhir.Export;
using Stroma.Fhir.Import;
using Stroma.Storage;
using Stroma.Storage.Tests;

namespace Stroma.Fhir.Tests.Import;

/// <summary>
/// <c>stroma fhir import</c> on SQLite and PostgreSQL: the round trip of the demo export, a second import that adds nothing, the public
/// US Core examples read value by value, and bad entries refused with their index and FHIRPath, the database unchanged.
/// </summary>
public abstract class FhirImportTests(IStoreFixture db, DemoExport demo)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    // The resource types this import writes back; the others are derived again or kept by other commands (FHIR010), or, for lots, refused (FHIR022).
    private static readonly string[] RoundTripTypes = ["Patient", "Observation", "Procedure", "MedicationAdministration", "MedicationStatement", "AdverseEvent", "DiagnosticReport"];

    private static System.Threading.Tasks.Task<Core.Diagnostics.ReadResult<CourseMerge>> Import(StromaStore store, string name, byte[] content) =>
        FhirImports.ImportAsync(_ => System.Threading.Tasks.Task.FromResult(store), name, content, Now, CancellationToken.None);

    [Fact]
    public async System.Threading.Tasks.Task Import_DemoExport_ExportsTheSameResourcesAndTheSameAssessment()
    {
        var store = await db.NewStoreAsync();

        var imported = await Import(store, "demo.json", demo.Json);
        var again = await FhirExports.ExportAsync(store, Core.Simulation.DemoCase.Id, TreatmentProtocol.SeedCase, false, DemoExport.ExportedAt, CancellationToken.None);

        Assert.False(imported.HasErrors, string.Join("\n", imported.Issues));
        Assert.Contains(imported.Issues, i => i.Code == FhirIssues.LotNotImported && i.Location.EndsWith(".resource", StringComparison.Ordinal));
        var safety = await demo.Store.LoadCellTherapyRecordAsync(Core.Simulation.DemoCase.PatientId);
        var copied = await store.LoadCellTherapyRecordAsync(Core.Simulation.DemoCase.PatientId);
        Assert.NotEmpty(safety.AdverseEvents);
        Assert.NotEmpty(safety.Biopsies);
        Assert.Equal(safety.AdverseEvents.OrderBy(e => e.Id).Select(Json), copied.AdverseEvents.OrderBy(e => e.Id).Select(Json));
        Assert.Equal(safety.Biopsies.OrderBy(b => b.Id).Select(b => Json(b with { StrSampleId = null })), copied.Biopsies.OrderBy(b => b.Id).Select(b => Json(b)));
        var before = Comparable(demo.Bundle);
        var after = Comparable(FhirJsonDeserializer.DEFAULT.Deserialize<Bundle>(Encoding.UTF8.GetString(again.Value!)));
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before, after);
        var original = await CaseReports.ReadAsync(demo.Store, Core.Simulation.DemoCase.Id, TreatmentProtocol.SeedCase, false, CancellationToken.None);
        var copy = await CaseReports.ReadAsync(store, Core.Simulation.DemoCase.Id, TreatmentProtocol.SeedCase, false, CancellationToken.None);
        Assert.Equal(
            Application.Json.StromaJson.Serialize(AssessmentView.Of(original.Value!.Assessment, null, [])),
            Application.Json.StromaJson.Serialize(AssessmentView.Of(copy.Value!.Assessment, null, [])));
    }

    [Fact]
    public async System.Threading.Tasks.Task Import_SameBundleTwice_SecondAddsNothing()
    {
        var store = await db.NewStoreAsync();
        await Import(store, "demo.json", demo.Json);
        var version = await store.VersionAsync();

        var second = await Import(store, "demo.json", demo.Json);

        Assert.False(second.HasErrors, string.Join("\n", second.Issues));
        Assert.Equal(0, second.Value!.Added);
        Assert.True(second.Value.Unchanged > 300);
        Assert.Equal(version, await store.VersionAsync());
    }

    [Fact]
    public async System.Threading.Tasks.Task Import_UsCoreExamples_ReadsEveryValue()
    {
        var store = await db.NewStoreAsync();
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "collection",
            ["entry"] = new JsonArray(
                new JsonObject { ["fullUrl"] = "http://example.org/fhir/Patient/example", ["resource"] = JsonNode.Parse(File.ReadAllText(SharedData.PathOf("fhir/us-core-patient-example.json"))) },
                new JsonObject { ["resource"] = JsonNode.Parse(File.ReadAllText(SharedData.PathOf("fhir/us-core-observation-serum-creatinine.json"))) }),
        };

        var imported = (await Import(store, "us-core.json", Encoding.UTF8.GetBytes(bundle.ToJsonString())));

        Assert.False(imported.HasErrors, string.Join("\n", imported.Issues));
        var course = (await store.LoadCourseAsync("example"))!;
        Assert.Equal(new DateOnly(1987, 2, 20), course.Patient.BirthDate);
        Assert.Equal(Core.Quantities.Sex.Female, course.Patient.Sex);
        var lab = Assert.Single(course.Labs);
        Assert.Equal(Analyte.Creatinine, lab.Analyte);
        Assert.Equal("2160-0", lab.Loinc);
        Assert.Equal(1.0, lab.Reported.Value);
        Assert.Equal("mg/dL", lab.Reported.Unit);
        Assert.Equal(1.0, lab.Value);
        Assert.Equal(Core.Course.Specimen.SerumOrPlasma, lab.Specimen);
        Assert.Equal(new DateTimeOffset(2005, 7, 5, 0, 0, 0, TimeSpan.Zero), lab.SampledAt);
        var identity = (await store.LoadIdentityAsync("example"))!;
        Assert.Equal("Amy V. Baxter", identity.Name);
        Assert.Equal("1032702", identity.HospitalNumber);
        Assert.Contains(imported.Issues, i => i.Code == FhirIssues.DateOnly && i.Location.EndsWith("Bundle.entry[1].resource.effectiveDateTime", StringComparison.Ordinal));
        Assert.Contains(imported.Issues, i => i.Code == FhirIssues.UnitWithoutCode && i.Location.EndsWith("Bundle.entry[1].resource.valueQuantity.code", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string> BadEntries => new()
    {
        { "wrong reference", FhirIssues.BadReference, "Bundle.entry[1].resource.subject.reference" },
        { "non-UCUM unit", FhirIssues.NotUcum, "Bundle.entry[1].resource.valueQuantity.code" },
        { "missing subject", FhirIssues.Missing, "Bundle.entry[1].resource.subject" },
        { "unsupported type", FhirIssues.UnsupportedType, "Bundle.entry[2].resource" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public async System.Threading.Tasks.Task Import_BadEntry_RefusedWithIndexAndPath_DatabaseUnchanged(string fault, string code, string path)
    {
        var store = await db.NewStoreAsync();
        var version = await store.VersionAsync();
        var bundle = SmallBundle();
        var observation = bundle["entry"]![1]!["resource"]!;
        switch (fault)
        {
            case "wrong reference": observation["subject"]!["reference"] = "Patient/someone-else"; break;
            case "non-UCUM unit": observation["valueQuantity"]!["code"] = "micromol/L"; break;
            case "missing subject": observation.AsObject().Remove("subject"); break;
            default: bundle["entry"]!.AsArray().Add(new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "Immunization", ["status"] = "completed", ["vaccineCode"] = new JsonObject { ["text"] = "x" }, ["patient"] = new JsonObject { ["reference"] = "Patient/p1" }, ["occurrenceString"] = "2020" } }); break;
        }

        var imported = (await Import(store, "bad.json", Encoding.UTF8.GetBytes(bundle.ToJsonString())));

        Assert.Null(imported.Value);
        Assert.Contains(imported.Issues, i => i.Code == code && i.Location == "bad.json " + path);
        Assert.Equal(version, await store.VersionAsync());
        Assert.Empty(await store.ListPatientsAsync());
    }

    [Fact]
    public async System.Threading.Tasks.Task Import_GoodSmallBundle_WritesThePatientAndTheLab()
    {
        var store = await db.NewStoreAsync();

        var imported = (await Import(store, "good.json", Encoding.UTF8.GetBytes(SmallBundle().ToJsonString())));

        Assert.False(imported.HasErrors, string.Join("\n", imported.Issues));
        var lab = Assert.Single((await store.LoadCourseAsync("p1"))!.Labs);
        Assert.Equal(88.4, lab.Reported.Value);
        Assert.Equal("umol/L", lab.Reported.Unit);
        Assert.Equal(Core.Quantities.Creatinine.FromMicromolPerL(88.4).MgPerDl, lab.Value, 12);
    }

    [Fact]
    public async System.Threading.Tasks.Task Import_Ndjson_ReadsEveryLineAndNamesTheLineOfAnError()
    {
        var store = await db.NewStoreAsync();
        var lines = SmallBundle()["entry"]!.AsArray().Select(e => e!["resource"]!.ToJsonString()).ToList();
        lines[1] = lines[1].Replace("urn:uuid:6f1c1a3e-0000-4000-8000-000000000001", "Patient/p1", StringComparison.Ordinal);
        var bad = lines[1].Replace("\"umol/L\"}", "\"mmol/L\"}", StringComparison.Ordinal);

        var refused = await Import(store, "labs.ndjson", Encoding.UTF8.GetBytes(string.Join("\n", lines[0], bad)));
        var imported = await Import(store, "labs.ndjson", Encoding.UTF8.GetBytes(string.Join("\n", lines)));

        Assert.Contains(refused.Issues, i => i.Code == FhirIssues.NotUcum && i.Location == "labs.ndjson line 2 Observation.valueQuantity.code");
        Assert.False(imported.HasErrors, string.Join("\n", imported.Issues));
        Assert.Single((await store.LoadCourseAsync("p1"))!.Labs);
    }

    // A patient and one creatinine in µmol/L: the bad-input tests break one thing each.
    private static JsonNode SmallBundle() => JsonNode.Parse("""
        { "resourceType": "Bundle", "type": "transaction", "entry": [
          { "fullUrl": "urn:uuid:6f1c1a3e-0000-4000-8000-000000000001", "resource": { "resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1990-05-01" },
            "request": { "method": "POST", "url": "Patient" } },
          { "resource": { "resourceType": "Observation", "status": "final", "code": { "coding": [ { "system": "http://loinc.org", "code": "14682-9" } ] },
              "subject": { "reference": "urn:uuid:6f1c1a3e-0000-4000-8000-000000000001" }, "effectiveDateTime": "2024-03-01T08:30:00+01:00",
              "valueQuantity": { "value": 88.4, "unit": "umol/L", "system": "http://unitsofmeasure.org", "code": "umol/L" } },
            "request": { "method": "POST", "url": "Observation" } } ] }
        """)!;

    // Chimerism and biomarker values are computed from their raw files by the commands that keep them (FHIR010 here).
    private static bool IsBiopsyFinding(Resource r) =>
        r is Observation o && o.Code.Coding.Any(c => c.System == StromaTerminology.CodeSystem && c.Code != null
            && new[] { StromaTerminology.Codes.ChimerismPrefix, StromaTerminology.Codes.BiomarkerPrefix }.Any(p => c.Code.StartsWith(p, StringComparison.Ordinal)));

    // A record as JSON, to compare records field by field.
    private static string Json<T>(T record) => System.Text.Json.JsonSerializer.Serialize(record);

    // The demo export with the first resource of a type changed (its entry index returned).
    private int Changed(string type, Action<JsonNode> change, out JsonNode bundle)
    {
        bundle = JsonNode.Parse(demo.Json)!;
        var entries = bundle["entry"]!.AsArray();
        var index = entries.Select((e, i) => (e, i)).First(p => (string?)p.e!["resource"]!["resourceType"] == type).i;
        change(entries[index]!["resource"]!);
        return index;
    }

    [Fact]
    public async System.Threading.Tasks.Task Import_AdverseEventWithAGradeItsTermDoesNotHave_RefusedWithFhir023AtItsEntry_NothingWritten()
    {
        var store = await db.NewStoreAsync();
        var index = Changed("AdverseEvent", ae => ae["extension"]!.AsArray().Single(x => ((string?)x!["url"])!.EndsWith("/ctcae-grade", StringComparison.Ordinal))!["valueInteger"] = 9, out var bundle);

        var imported = await Import(store, "bad-ae.json", Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.Null(imported.Value);
        Assert.Contains(imported.Issues, i => i.Code == FhirIssues.RefusedRecord && i.Location == $"bad-ae.json Bundle.entry[{index}].resource");
        Assert.Empty(await store.ListPatientsAsync());
    }

    [Fact]
    public async System.Threading.Tasks.Task Import_AdverseEventNamingAnInfusionNotInTheInput_RefusedWithFhir005()
    {
        var store = await db.NewStoreAsync();
        var index = Changed("AdverseEvent", ae => ae["suspectEntity"] = JsonNode.Parse("""[ { "instance": { "reference": "MedicationAdministration/elsewhere" } } ]"""), out var bundle);

        var imported = await Import(store, "bad-ae.json", Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.Null(imported.Value);
        Assert.Contains(imported.Issues, i => i.Code == FhirIssues.BadReference && i.Location == $"bad-ae.json Bundle.entry[{index}].resource.suspectEntity[0].instance.reference");
        Assert.Empty(await store.ListPatientsAsync());
    }

    [Fact]
    public async System.Threading.Tasks.Task Import_BiopsyWithoutItsIndication_RefusedWithFhir004_NothingWritten()
    {
        var store = await db.NewStoreAsync();
        var index = Changed("DiagnosticReport", r => r.AsObject().Remove("extension"), out var bundle);

        var imported = await Import(store, "bad-bx.json", Encoding.UTF8.GetBytes(bundle.ToJsonString()));

        Assert.Null(imported.Value);
        Assert.Contains(imported.Issues, i => i.Code == FhirIssues.Missing && i.Location.StartsWith($"bad-bx.json Bundle.entry[{index}].resource.extension('", StringComparison.Ordinal));
        Assert.Empty(await store.ListPatientsAsync());
    }

    // What a round trip must keep: the resources this import writes, without ids, meta and the links to what it does not write.
    private static List<string> Comparable(Bundle bundle) =>
    [
        .. bundle.Entry.Select(e => e.Resource!).Where(r => RoundTripTypes.Contains(r.TypeName) && !IsBiopsyFinding(r)).Select(r =>
        {
            var copy = (Resource)r.DeepCopy();
            copy.Id = null;
            copy.Meta = null;
            if (copy is MedicationAdministration a)
            {
                a.SupportingInformation.Clear(); // the bag is a lot record, not imported (FHIR010)
            }

            return FhirJsonSerializer.Default.SerializeToString(copy);
        }).Order(StringComparer.Ordinal),
    ];
}

public sealed class SqliteFhirImportTests(SqliteFixture db, DemoExport demo) : FhirImportTests(db, demo), IClassFixture<SqliteFixture>;

public sealed class PostgresFhirImportTests(PostgresFixture db, DemoExport demo) : FhirImportTests(db, demo), IClassFixture<PostgresFixture>;
