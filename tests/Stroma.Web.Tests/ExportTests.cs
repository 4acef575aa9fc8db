using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using MiniExcelLibs;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// The exports' downloads (issue 14): the patient page's workbook and CSV archive, identified for the care team and pseudonymised for the
/// researcher, and the cohort export, pseudonymised for everyone. They compare with the stored records, so they run alone.
/// </summary>
[Collection(WebFixture.Alone)]
public sealed class ExportTests(WebFixture web)
{
    [Fact]
    public async Task Clinician_PatientXlsx_HoldsTheStoredLabs()
    {
        var clinician = await web.SignedInAsync(Roles.Clinician);
        var labs = (await web.Store.LoadCourseAsync("DEMO-001"))!.Labs;

        var response = await clinician.GetAsync("/patients/DEMO-001/export.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("DEMO-001.xlsx", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true, sheetName: "labs").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(labs.Select(l => (l.Id, l.Value, l.Unit)).Order(), rows.Select(r => ((string)r["lab_id"]!, (double)r["value"]!, (string)r["unit"]!)).Order());
    }

    [Fact]
    public async Task Researcher_PatientZip_IsPseudonymised()
    {
        var researcher = await web.SignedInAsync(Roles.Researcher);
        var course = (await web.Store.LoadCourseAsync("DEMO-001"))!;

        var response = await researcher.GetAsync("/patients/DEMO-001/export.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var files = Unzip(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["adverse_events.csv", "biomarkers.csv", "chimerism.csv", "infusions.csv", "labs.csv", "patients.csv", "plasma_exchange.csv"], files.Keys.Order(StringComparer.Ordinal));
        var text = string.Concat(files.Values);
        string[] secrets = ["Synthetic Demo Patient", "DEMO-HN-0001", course.Patient.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), .. course.Labs.Select(l => l.Id)];
        Assert.All(secrets, s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
        Assert.StartsWith("patient_id,birth_year,", files["patients.csv"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Researcher, "xlsx")]
    [InlineData(Roles.Clinician, "zip")]
    public async Task Cohort_HoldsEveryPatientAndNoIdentity_WhoeverDownloadsIt(string role, string format)
    {
        var client = await web.SignedInAsync(role);
        var identities = await web.Store.LoadIdentitiesAsync();

        var response = await client.GetAsync("/export/cohort." + format);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = string.Concat(Unzip(bytes).Values);
        Assert.NotEmpty(identities);
        Assert.All(identities.Values, i => Assert.DoesNotContain(i.Name, text, StringComparison.Ordinal));
        Assert.All(identities.Values, i => Assert.DoesNotContain(i.HospitalNumber, text, StringComparison.Ordinal));
        foreach (var id in await web.Store.ListPatientsAsync())
        {
            Assert.Contains(id, text, StringComparison.Ordinal);
            var birth = (await web.Store.LoadCourseAsync(id))!.Patient.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Assert.DoesNotContain(birth, text, StringComparison.Ordinal);
        }

    }

    [Fact]
    public async Task PatientPageAndCohortPage_LinkTheDownloads()
    {
        var researcher = await web.SignedInAsync(Roles.Researcher);

        var page = await researcher.GetStringAsync("/patients/DEMO-001");
        var cohort = await researcher.GetStringAsync("/export");

        Assert.Contains("href=\"/patients/DEMO-001/export.xlsx\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/patients/DEMO-001/export.zip\"", page, StringComparison.Ordinal);
        Assert.Contains("pseudonymised", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/export/cohort.xlsx\"", cohort, StringComparison.Ordinal);
        Assert.Contains("href=\"/export/cohort.zip\"", cohort, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPatient_Is404()
    {
        var clinician = await web.SignedInAsync(Roles.Clinician);

        var response = await clinician.GetAsync("/patients/P-NO-SUCH-EXPORT/export.xlsx");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // Every entry of a zip archive (the CSV files, or the XML parts of a workbook) as text.
    private static Dictionary<string, string> Unzip(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e => new StreamReader(e.Open(), Encoding.UTF8).ReadToEnd());
    }
}
