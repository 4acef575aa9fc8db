using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Core.Course;
using Stroma.Fhir.Export;

namespace Stroma.Fhir.Tests.Export;

/// <summary>The pseudonymised export: no identity, the birth year only, every date shifted by whole days, opaque record ids.</summary>
public sealed class PseudonymisedExportTests(DemoExport demo)
{
    private async Task<(Bundle Bundle, string Json)> ExportAsync()
    {
        var exported = await FhirExports.ExportAsync(demo.Store, Core.Simulation.DemoCase.Id, TreatmentProtocol.SeedCase, pseudonymise: true, DemoExport.ExportedAt, CancellationToken.None);
        var json = Encoding.UTF8.GetString(exported.Value!);
        return (FhirJsonDeserializer.DEFAULT.Deserialize<Bundle>(json), json);
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_Pseudonymised_HoldsNoIdentityAndTheBirthYearOnly()
    {
        var (bundle, json) = await ExportAsync();

        var patient = bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Patient>().Single();
        Assert.Empty(patient.Name);
        Assert.Equal(4, patient.BirthDate!.Length);
        Assert.DoesNotContain("Synthetic Demo Patient", json, StringComparison.Ordinal);
        Assert.DoesNotContain("DEMO-HN-0001", json, StringComparison.Ordinal);
        Assert.DoesNotContain(StromaTerminology.IsbtDin, json, StringComparison.Ordinal);
        Assert.DoesNotContain(bundle.Entry.Select(e => e.Resource).OfType<BiologicallyDerivedProduct>(), p => p.ProductCode is not null);
    }

    private static DateTimeOffset At(Observation o) => ((FhirDateTime)o.Effective!).ToDateTimeOffset(TimeSpan.Zero);

    // The clock time as written (date and time of day in the offset the value carries).
    private static DateTime Clock(Observation o) => DateTimeOffset.Parse(((FhirDateTime)o.Effective!).Value!, System.Globalization.CultureInfo.InvariantCulture).DateTime;

    [Fact]
    public async System.Threading.Tasks.Task Export_Pseudonymised_WritesEveryTimeInUtc()
    {
        var (_, json) = await ExportAsync();

        var offsets = System.Text.RegularExpressions.Regex.Matches(json, @"""\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(?<offset>Z|[+-]\d{2}:\d{2})""")
            .Select(m => m.Groups["offset"].Value).ToList();
        Assert.NotEmpty(offsets);
        Assert.All(offsets, o => Assert.True(o is "Z" or "+00:00", o));
        Assert.Contains("+01:00", Encoding.UTF8.GetString(demo.Json), StringComparison.Ordinal); // the identified export keeps the site's offset
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_Pseudonymised_ShiftsEveryLabByTheSameWholeDaysWithOpaqueIds()
    {
        var (bundle, _) = await ExportAsync();

        static List<Observation> Labs(Bundle b) => [.. b.Entry.Select(e => e.Resource).OfType<Observation>()
            .Where(o => o.Identifier.Any(i => i.System == StromaTerminology.IdentifierSystem("lab-result"))).OrderBy(o => At(o))];
        var shifted = Labs(bundle);
        var original = Labs(demo.Bundle);
        Assert.Equal(original.Count, shifted.Count);
        var shifts = original.Zip(shifted, (a, b) => Clock(b) - Clock(a)).Distinct().ToList();
        var shift = Assert.Single(shifts);
        Assert.InRange(shift.TotalDays, -365, -1);
        Assert.Equal(Math.Round(shift.TotalDays), shift.TotalDays);
        Assert.All(shifted, o => Assert.StartsWith("r-", o.Identifier[0].Value, StringComparison.Ordinal));
        Assert.Empty(shifted.Select(o => o.Identifier[0].Value).Intersect(original.Select(o => o.Identifier[0].Value)));
    }
}
