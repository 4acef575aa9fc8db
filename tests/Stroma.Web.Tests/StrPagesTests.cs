using System.Collections.Immutable;
using System.Net;
using System.Text.RegularExpressions;
using Stroma.Core.Course;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Simulation;
using Stroma.Core.Str;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

/// <summary>
/// An STR run uploaded from the browser (each file with its role) and a kept sample reviewed: the use case's rules at the form's
/// fields, nothing written on refusal, the anti-forgery token, the policies (the molecular lab uploads; the researcher sees no run).
/// Each test keeps its run against a patient of its own, simulated with the built-in synthetic kit.
/// </summary>
public sealed partial class StrPagesTests(WebFixture web)
{
    private static readonly Kit Kit = SyntheticKit.Kit;

    private static Dictionary<string, ImmutableArray<string>> Genotype(int offset) =>
        Kit.Loci.Select((l, i) => (l, i)).ToDictionary(
            x => x.l.Name,
            x => ImmutableArray.Create(x.l.Ladder[(offset + x.i) % x.l.Ladder.Length].Name, x.l.Ladder[(offset + (2 * x.i) + 4) % x.l.Ladder.Length].Name));

    private static byte[] Sample(int seed, params SimulatedContributor[] contributors) =>
        AbifWriter.Write(ElectropherogramSimulator.Sample(Kit, SizeStandard.Gs500Liz, contributors, new SimulationSettings(Seed: seed), contributors[0].Name));

    // The run's rows: file name, bytes, role, material, time.
    private static List<(string Name, byte[] Bytes, string Role, string Material, string At)> Run(int seed) =>
    [
        ("ladder.fsa", AbifWriter.Write(ElectropherogramSimulator.Ladder(Kit, SizeStandard.Gs500Liz, new SimulationSettings())), "ladder", "", ""),
        ("recipient.fsa", Sample(seed, new SimulatedContributor("recipient", Genotype(0), 1)), "recipient", "", ""),
        ("kidney.fsa", Sample(seed + 1, new SimulatedContributor("kidney-donor", Genotype(3), 1)), "kidney-donor", "", ""),
        ("blood-d90.fsa", Sample(seed + 2, new SimulatedContributor("recipient", Genotype(0), 0.6), new SimulatedContributor("kidney-donor", Genotype(3), 0.4)), "post-treatment", "peripheral blood", "2026-06-01T08:30:00+02:00"),
    ];

    private async Task<string> NewPatientAsync()
    {
        var id = "STR-WEB-" + Guid.NewGuid().ToString("N")[..8];
        (await web.Store.SaveCourseAsync(new PatientCourse(DemoCase.Build().Patient with { Id = id }, [], [], [], [], []), new PatientIdentity(id, "Str Web Patient", "HN-" + id))).ValueOrThrow();
        return id;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string patient, IEnumerable<(string Name, byte[] Bytes, string Role, string Material, string At)> rows, string kit = SyntheticKit.Name, bool withToken = true)
    {
        var path = $"/patients/{patient}/str/upload";
        var page = await client.GetStringAsync(path);
        using var form = new MultipartFormDataContent { { new StringContent("str-run"), "_handler" }, { new StringContent(kit), "kit" } };
        if (withToken)
        {
            form.Add(new StringContent(WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value)), "__RequestVerificationToken");
        }

        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            form.Add(new ByteArrayContent(row.Bytes), $"file-{i}", row.Name);
            form.Add(new StringContent(row.Role), $"role-{i}");
            form.Add(new StringContent(row.Material), $"material-{i}");
            form.Add(new StringContent(row.At), $"sampledAt-{i}");
        }

        return await client.PostAsync(path, form);
    }

    [Fact]
    public async Task Upload_AsTheMolecularLab_KeepsTheRunAndLinksEachSamplesReviewPage()
    {
        var patient = await NewPatientAsync();
        var client = await web.SignedInAsync(Roles.MolecularLab);

        var html = await (await UploadAsync(client, patient, Run(31))).Content.ReadAsStringAsync();

        Assert.Contains("id=\"str-kept\"", html, StringComparison.Ordinal);
        var samples = await web.Store.LoadStrSamplesAsync(patient);
        Assert.Equal(["kidney-donor", "post-treatment", "recipient"], samples.Select(s => s.Role).Order(StringComparer.Ordinal));
        foreach (var s in samples)
        {
            Assert.Contains($"href=\"/patients/{patient}/str/{s.Id}\"", html, StringComparison.Ordinal);
        }

        var blood = samples.Single(s => s.Role == "post-treatment");
        Assert.Equal(("peripheral blood", new DateTimeOffset(2026, 6, 1, 8, 30, 0, TimeSpan.FromHours(2))), (blood.Material, blood.SampledAt!.Value));
        Assert.Equal(2, (await web.Store.LoadChimerismAsync(patient)).Count(c => c.SampleId == blood.Id));
        var patientPage = await client.GetStringAsync($"/patients/{patient}");
        Assert.Contains($"href=\"/patients/{patient}/str/{blood.Id}\"", patientPage, StringComparison.Ordinal);
        Assert.Contains($"href=\"/patients/{patient}/str/upload\"", patientPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ABadRoleAndAMissingTime_AreShownAtTheirRows_AndNothingIsWritten()
    {
        var patient = await NewPatientAsync();
        var client = await web.SignedInAsync(Roles.MolecularLab);
        var rows = Run(41);
        rows[1] = rows[1] with { Role = "donor" };
        rows[3] = rows[3] with { At = "2026-06-01T08:30" };

        var response = await UploadAsync(client, patient, rows);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nothing was saved.", html, StringComparison.Ordinal);
        Assert.Contains("data-field=\"files[1].role\"><code>STR014</code>", html, StringComparison.Ordinal);
        Assert.Contains("data-field=\"files[3].sampledAt\"><code>STR015</code>", html, StringComparison.Ordinal);
        Assert.Matches("id=\"role-1\"[^>]*aria-invalid=\"true\"", html);
        Assert.Empty(await web.Store.LoadStrSamplesAsync(patient));
        Assert.Null(await web.Store.LoadRawFileAsync(Core.RawInput.Of("x", rows[3].Bytes).Sha256));
    }

    [Fact]
    public async Task Upload_WithoutItsAntiforgeryToken_Is400_AndNothingIsWritten()
    {
        var patient = await NewPatientAsync();
        var client = await web.SignedInAsync(Roles.MolecularLab);

        var response = await UploadAsync(client, patient, Run(51), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await web.Store.LoadStrSamplesAsync(patient));
    }

    [Theory]
    [InlineData(Roles.Clinician)]
    [InlineData(Roles.Researcher)]
    public async Task Upload_ByARoleOtherThanTheMolecularLab_IsDenied_AndNothingIsWritten(string role)
    {
        var patient = await NewPatientAsync();
        var client = await web.SignedInAsync(role);
        using var form = new MultipartFormDataContent { { new StringContent("str-run"), "_handler" }, { new StringContent("synthetic"), "kit" } };

        var response = await client.PostAsync($"/patients/{patient}/str/upload", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/denied", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Empty(await web.Store.LoadStrSamplesAsync(patient));
    }

    [Fact]
    public async Task ReviewPage_ShowsTheElectropherogramWithItsLabels_TheVerdicts_TheChimerismPerLocus_AndZooms()
    {
        var patient = await NewPatientAsync();
        var lab = await web.SignedInAsync(Roles.MolecularLab);
        await UploadAsync(lab, patient, Run(61));
        var blood = (await web.Store.LoadStrSamplesAsync(patient)).Single(s => s.Role == "post-treatment");
        var client = await web.SignedInAsync(Roles.Clinician);
        var locus = Kit.Loci[0].Name;

        var html = await client.GetStringAsync($"/patients/{patient}/str/{blood.Id}");
        var zoomed = await client.GetStringAsync($"/patients/{patient}/str/{blood.Id}?locus={locus}");

        Assert.Contains("<svg", html, StringComparison.Ordinal);
        var allele = blood.Genotype.First(g => !g.Value.IsEmpty).Value[0];
        Assert.Contains($">{allele}</text>", html, StringComparison.Ordinal);
        Assert.Contains("passed", Regex.Match(html, "<ul id=\"str-verdicts\">.*?</ul>", RegexOptions.Singleline).Value, StringComparison.Ordinal);
        Assert.Contains("id=\"str-chimerism-loci\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/patients/{patient}/str/{blood.Id}?locus={locus}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<strong>{locus}</strong>", zoomed, StringComparison.Ordinal);
        Assert.Contains($"/electropherogram.svg?locus={locus}", zoomed, StringComparison.Ordinal);
        var settings = WebUtility.HtmlDecode(Regex.Match(html, "<table class=\"facts\" id=\"str-settings\">.*?</table>", RegexOptions.Singleline).Value);
        Assert.Contains("analytical threshold 50 RFU", settings, StringComparison.Ordinal);
        Assert.Contains("call threshold 150 RFU", settings, StringComparison.Ordinal);
        Assert.Contains("LOD 1 %", settings, StringComparison.Ordinal);
        Assert.Contains(StrRunSettings.CurrentSoftware, settings, StringComparison.Ordinal);
    }

    // The same raw files uploaded for a second patient kept no sample for them (the ids ignored the patient); each keeps its own.
    [Fact]
    public async Task Upload_TheSameFilesForTwoPatients_KeepsEachPatientsOwnSamples()
    {
        var (first, second) = (await NewPatientAsync(), await NewPatientAsync());
        var lab = await web.SignedInAsync(Roles.MolecularLab);
        var run = Run(71);

        await UploadAsync(lab, first, run);
        var html = await (await UploadAsync(lab, second, run)).Content.ReadAsStringAsync();

        var kept = await web.Store.LoadStrSamplesAsync(second);
        Assert.Equal(["kidney-donor", "post-treatment", "recipient"], kept.Select(s => s.Role).Order(StringComparer.Ordinal));
        Assert.Empty(kept.Select(s => s.Id).Intersect((await web.Store.LoadStrSamplesAsync(first)).Select(s => s.Id)));
        Assert.All(kept, s => Assert.Contains($"href=\"/patients/{second}/str/{s.Id}\"", html, StringComparison.Ordinal));
        Assert.Equal(2, (await web.Store.LoadChimerismAsync(second)).Count);
    }

    [Fact]
    public async Task Svg_IsDownloadedAsAFile_AndAnUnknownLocusIs400WithItsCode()
    {
        var patient = await NewPatientAsync();
        var lab = await web.SignedInAsync(Roles.MolecularLab);
        await UploadAsync(lab, patient, Run(71));
        var sample = (await web.Store.LoadStrSamplesAsync(patient)).Single(s => s.Role == "recipient");

        var response = await lab.GetAsync($"/patients/{patient}/str/{sample.Id}/electropherogram.svg");
        var unknown = await lab.GetAsync($"/patients/{patient}/str/{sample.Id}/electropherogram.svg?locus=NOPE");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"{sample.Id}.svg", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.StartsWith("<svg", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains(StrIssues.UnknownLocus, await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Researcher_IsDeniedTheReviewAndTheSvg_AndThePatientPageLinksNoRun()
    {
        var patient = await NewPatientAsync();
        await UploadAsync(await web.SignedInAsync(Roles.MolecularLab), patient, Run(81));
        var sample = (await web.Store.LoadStrSamplesAsync(patient))[0];
        var client = await web.SignedInAsync(Roles.Researcher);

        var page = await client.GetAsync($"/patients/{patient}/str/{sample.Id}");
        var svg = await client.GetAsync($"/patients/{patient}/str/{sample.Id}/electropherogram.svg");
        var patientPage = await client.GetStringAsync($"/patients/{patient}");

        Assert.All([page, svg], r => Assert.Contains("/account/denied", r.Headers.Location!.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain("/str/", patientPage, StringComparison.Ordinal);
        Assert.DoesNotContain(sample.FileName, patientPage, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
