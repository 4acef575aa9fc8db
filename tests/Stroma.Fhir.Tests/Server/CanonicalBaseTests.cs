using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Core.Course;
using Stroma.Fhir.Export;
using Stroma.Fhir.Import;
using Stroma.Fhir.Server;
using Stroma.Fhir.Tests.Export;
using Stroma.Storage.Tests;

namespace Stroma.Fhir.Tests.Server;

/// <summary>
/// The canonical base is a deployment's setting (<c>fhir.canonical-base</c>): the export writes every Stroma URL under it, the endpoint
/// serves the CodeSystem whose URL it names, and an import reads another deployment's export by the base its own codes declare.
/// </summary>
public sealed class CanonicalBaseTests(SqliteFixture sqlite, DemoExport demo) : IClassFixture<SqliteFixture>
{
    private const string Hospital = "https://stroma.hospital.example/fhir";

    [Theory]
    [InlineData("https://stroma.hospital.example/fhir")]
    [InlineData("https://stroma.hospital.example/fhir/")]
    [InlineData("http://127.0.0.1:5250/fhir")]
    [InlineData("")]
    public void CheckBase_HttpsOrLoopbackOrEmpty_IsAccepted(string value) => Assert.Null(StromaTerminology.CheckBase(value, "VALUE"));

    [Theory]
    [InlineData("http://stroma.hospital.example/fhir")]
    [InlineData("https://stroma.hospital.example/fhir?x=1")]
    [InlineData("stroma.hospital.example/fhir")]
    [InlineData("https://user@stroma.hospital.example/fhir")]
    public void CheckBase_NotAnHttpsAddress_IsFhir019(string value)
    {
        var issue = StromaTerminology.CheckBase(value, "VALUE");

        Assert.Equal((FhirIssues.BadCanonical, "VALUE"), (issue?.Code, issue?.Location));
    }

    [Fact]
    public void Use_Scoped_ChangesTheUrlsUntilDisposed()
    {
        using (StromaTerminology.Use(Hospital + "/"))
        {
            Assert.Equal(Hospital + "/CodeSystem/stroma", StromaTerminology.CodeSystem);
            Assert.True(StromaTerminology.IsStromaCodeSystem(StromaTerminology.DefaultBase + "/CodeSystem/stroma"));
            Assert.False(StromaTerminology.IsStromaCodeSystem("https://elsewhere.example/CodeSystem/stroma"));
        }

        Assert.Equal(StromaTerminology.DefaultBase + "/CodeSystem/stroma", StromaTerminology.CodeSystem);
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_UnderTheSetting_WritesEveryStromaUrlUnderIt_AndAnEmptyStoreImportsItBack()
    {
        var store = await sqlite.NewStoreAsync();
        (await store.SaveCourseAsync(Core.Simulation.DemoCase.Build())).ValueOrThrow();
        await store.SaveSettingAsync(StromaTerminology.Setting, Hospital);

        var exported = await FhirExports.ExportAsync(store, Core.Simulation.DemoCase.Id, TreatmentProtocol.SeedCase, false, DemoExport.ExportedAt, CancellationToken.None);
        var json = Encoding.UTF8.GetString(exported.Value!);
        var target = await sqlite.NewStoreAsync();
        var imported = await FhirImports.ImportAsync(_ => System.Threading.Tasks.Task.FromResult(target), "hospital.json", exported.Value!, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.DoesNotContain(StromaTerminology.DefaultBase, json, StringComparison.Ordinal);
        Assert.Contains(Hospital + "/CodeSystem/stroma", json, StringComparison.Ordinal);
        Assert.False(imported.HasErrors, string.Join("\n", imported.Issues));
        var original = (await store.LoadCourseAsync(Core.Simulation.DemoCase.PatientId))!;
        var copy = (await target.LoadCourseAsync(Core.Simulation.DemoCase.PatientId))!;
        Assert.Equal(
            (original.Labs.Count, original.Sessions.Count, original.Infusions.Count, original.Events.Count, original.Patient.Transplants.Count),
            (copy.Labs.Count, copy.Sessions.Count, copy.Infusions.Count, copy.Events.Count, copy.Patient.Transplants.Count));
    }

    [Fact]
    public async System.Threading.Tasks.Task CodeSystem_UnderTheSetting_HasItsUrl_ValidatesAndListsEveryClosedCodeTheDemoExportUses()
    {
        var store = await sqlite.NewStoreAsync();
        await store.SaveSettingAsync(StromaTerminology.Setting, Hospital);

        var answer = await FhirApi.ReadCodeSystemAsync(store, "stroma", CancellationToken.None);
        var other = await FhirApi.ReadCodeSystemAsync(store, "loinc", CancellationToken.None);
        var system = FhirJsonDeserializer.DEFAULT.Deserialize<CodeSystem>(answer.Json);

        Assert.Equal((200, 404), (answer.Status, other.Status));
        Assert.Equal(Hospital + "/CodeSystem/stroma", system.Url);
        var outcome = CourseBundleValidationTests.CoreValidator.Value.Validate(system, "http://hl7.org/fhir/StructureDefinition/CodeSystem");
        Assert.DoesNotContain(outcome.Issue, x => x.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
        var listed = system.Concept.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var used = demo.Bundle.Entry.SelectMany(e => PatientResources.Descendants(e.Resource!)).OfType<Coding>()
            .Where(c => c.System == StromaTerminology.CodeSystem).Select(c => c.Code!)
            .Where(c => !c.StartsWith(StromaTerminology.Codes.ChimerismPrefix, StringComparison.Ordinal) && !c.StartsWith(StromaTerminology.Codes.BiomarkerPrefix, StringComparison.Ordinal))
            .Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, c => Assert.Contains(c, listed));
    }
}
