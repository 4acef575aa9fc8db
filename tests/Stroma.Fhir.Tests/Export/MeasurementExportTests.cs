using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Core.Course;
using Stroma.Fhir.Export;

namespace Stroma.Fhir.Tests.Export;

/// <summary>
/// Chimerism and biomarker series in the export, checked against what the demo store holds: one Observation per chimerism result with its
/// limit of detection, derivedFrom DocumentReferences whose SHA-256 (RFC 6920 ni URI) is the kept raw file's; one Observation per stored
/// biomarker value in its UCUM unit on day 0 plus its study day; and the plasma exchange's SNOMED coding.
/// </summary>
public sealed class MeasurementExportTests(DemoExport demo)
{
    private List<T> All<T>() where T : Resource => [.. demo.Bundle.Entry.Select(e => e.Resource).OfType<T>()];

    private static string Sha256Of(DocumentReference document)
    {
        var ni = document.Identifier.Single(i => i.System == "urn:ietf:rfc:3986").Value!;
        Assert.StartsWith("ni:///sha-256;", ni, StringComparison.Ordinal);
        var base64 = ni["ni:///sha-256;".Length..].Replace('-', '+').Replace('_', '/');
        return Convert.ToHexStringLower(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_Chimerism_OneObservationPerResult_WithItsLimitOfDetectionAndRawFilesBySha256()
    {
        var results = await demo.Store.LoadChimerismAsync(Core.Simulation.DemoCase.PatientId);
        var samples = (await demo.Store.LoadStrSamplesAsync(Core.Simulation.DemoCase.PatientId)).ToDictionary(s => s.Id);
        var documents = All<DocumentReference>().ToDictionary(d => "urn:uuid:" + d.Id);

        Assert.NotEmpty(results);
        foreach (var r in results)
        {
            var obs = All<Observation>().Single(o => o.Identifier.Any(i => i.System == StromaTerminology.IdentifierSystem("chimerism") && i.Value == r.Id));
            Assert.Equal(StromaTerminology.Codes.ChimerismPrefix + r.Contributor, obs.Code!.Coding.Single().Code);
            var lod = (Quantity)obs.Extension.Single(e => e.Url == StromaTerminology.Extensions.LimitOfDetection).Value!;
            Assert.Equal((decimal)r.LimitOfDetectionPercent, lod.Value);
            Assert.Equal("%", lod.Code);
            var value = Assert.IsType<Quantity>(obs.Value);
            Assert.Equal("%", value.Code);
            Assert.Equal(r.Percent is null ? Quantity.QuantityComparator.LessThan : null, value.Comparator);
            Assert.Equal(r.Percent ?? r.LimitOfDetectionPercent, (double)value.Value!.Value, 12);
            var derived = obs.DerivedFrom.Select(d => Sha256Of(documents[d.Reference!])).ToList();
            Assert.Contains(samples[r.SampleId].FileSha256, derived);
            Assert.Contains(samples[r.ReferenceSampleId].FileSha256, derived);
            Assert.Contains(samples[r.SampleId].LadderSha256, derived);
        }

        Assert.Equal(All<DocumentReference>().Count, All<DocumentReference>().Select(Sha256Of).Distinct().Count());
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_Biomarkers_OneObservationPerStoredValue_InItsUcumUnit_OnDayZeroPlusItsStudyDay()
    {
        var stored = await demo.Store.LoadAnalyteSeriesAsync(Core.Simulation.DemoCase.PatientId);
        var dayZero = (await demo.Store.LoadCourseAsync(Core.Simulation.DemoCase.PatientId))!.DayZero!.Value;
        var observations = All<Observation>().Where(o => o.Code!.Coding.Any(c => c.Code!.StartsWith(StromaTerminology.Codes.BiomarkerPrefix, StringComparison.Ordinal))).ToList();

        Assert.Equal(stored.Series.Sum(s => s.Value.Count), observations.Count);
        Assert.Contains(stored.UnitBySeries.Values, u => u == Storage.StromaStore.Ratio);
        foreach (var (series, points) in stored.Series)
        {
            var unit = stored.UnitBySeries[series];
            var analyte = series.EndsWith(" (array)", StringComparison.Ordinal) ? series[..^" (array)".Length] : series;
            foreach (var point in points)
            {
                var obs = observations.Single(o => o.Identifier.Single().Value == string.Create(CultureInfo.InvariantCulture, $"{series}/{point.Day}/{point.Source}"));
                Assert.Equal(StromaTerminology.Codes.BiomarkerPrefix + analyte, obs.Code!.Coding.Single().Code);
                Assert.Equal(dayZero.AddDays(point.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ((FhirDateTime)obs.Effective!).Value);
                Assert.Equal(point.Day, ((Integer)obs.Extension.Single(e => e.Url == StromaTerminology.Extensions.StudyDay).Value!).Value);
                if (point.Value is { } v)
                {
                    var q = Assert.IsType<Quantity>(obs.Value);
                    Assert.Equal((StromaTerminology.Ucum, unit), (q.System, q.Code));
                    Assert.Equal(v, (double)q.Value!.Value, 12);
                }
                else
                {
                    Assert.Null(obs.Value);
                    Assert.Equal("ND", obs.Interpretation.Single().Coding.Single().Code);
                }

                Assert.Single(obs.DerivedFrom);
            }
        }
    }

    [Fact]
    public void Export_PlasmaExchange_CodedWithTheStromaCodeAndSnomedApheresis()
    {
        var sessions = All<Procedure>().Where(p => p.Code!.Coding.Any(c => c.Code == StromaTerminology.Codes.PlasmaExchange)).ToList();

        Assert.NotEmpty(sessions);
        Assert.All(sessions, p =>
        {
            Assert.Contains(p.Code!.Coding, c => c.System == "http://snomed.info/sct" && c.Code == "127788007");
            Assert.Equal(("http://snomed.info/sct", "277132007"), (p.Category!.Coding.Single().System, p.Category!.Coding.Single().Code));
        });
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_Pseudonymised_WithholdsRawFileNames_KeepsTheirSha256_AndShiftsSampleTimes()
    {
        var exported = await FhirExports.ExportAsync(demo.Store, Core.Simulation.DemoCase.Id, TreatmentProtocol.SeedCase, true, DemoExport.ExportedAt, CancellationToken.None);
        var bundle = FhirJsonDeserializer.DEFAULT.Deserialize<Bundle>(System.Text.Encoding.UTF8.GetString(exported.Value!));
        var documents = bundle.Entry.Select(e => e.Resource).OfType<DocumentReference>().ToList();
        var samples = await demo.Store.LoadStrSamplesAsync(Core.Simulation.DemoCase.PatientId);

        Assert.Equal(All<DocumentReference>().Select(Sha256Of).Order(), documents.Select(Sha256Of).Order());
        Assert.All(documents, d => Assert.True(d.Content.Single().Attachment!.Title is not { } title || title.StartsWith(Pseudonymisation.Withheld, StringComparison.Ordinal), d.Content.Single().Attachment!.Title));
        var names = samples.Select(s => s.FileName).ToList();
        Assert.DoesNotContain(names, n => System.Text.Encoding.UTF8.GetString(exported.Value!).Contains(n, StringComparison.Ordinal));
    }
}
