using System.Net;
using Stroma.Core.Signatures;
using Stroma.Core.Str;
using Stroma.Storage;
using Stroma.Web.Accounts;

namespace Stroma.Web.Tests;

// Reviewing a call from the browser: the molecular lab's policy, the anti-forgery token, the rule's code at its field with nothing
// written, the review shown on the sample page with who, when and why, and the lock once the result is signed.
public sealed partial class StrPagesTests
{
    private static Dictionary<string, string> ReviewFields(string action, string locus, string allele, string? newAllele, string reason) => new()
    {
        ["Input.Action"] = action, ["Input.Locus"] = locus, ["Input.Allele"] = allele, ["Input.NewAllele"] = newAllele ?? string.Empty, ["Input.Reason"] = reason,
    };

    private async Task<(string Patient, StrSampleRecord Blood, HttpClient Lab)> KeptRunAsync(int seed)
    {
        var patient = await NewPatientAsync();
        var lab = await web.SignedInAsync(Roles.MolecularLab);
        await UploadAsync(lab, patient, Run(seed));
        return (patient, (await web.Store.LoadStrSamplesAsync(patient)).Single(s => s.Role == "post-treatment"), lab);
    }

    [Fact]
    public async Task Review_AsTheMolecularLab_IsKeptAndShownWithWhoWhenWhy_BesideTheAutomaticCall()
    {
        var (patient, blood, lab) = await KeptRunAsync(91);
        var (locus, allele) = blood.Genotype.First(g => g.Value.Length >= 2) is var g ? (g.Key, g.Value[0]) : default;

        var response = await WebFixture.PostFormAsync(lab, $"/patients/{patient}/str/{blood.Id}/review?locus={locus}", "str-review", ReviewFields("reject", locus, allele, null, "pull-up from the dye above"));
        var page = await lab.GetStringAsync($"/patients/{patient}/str/{blood.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var review = Assert.Single(await web.Store.LoadStrCallReviewsAsync(patient));
        Assert.Equal((CallReviewAction.Reject, locus, allele, "molecular-lab", "pull-up from the dye above"), (review.Action, review.Locus, review.Allele, review.Reviewer, review.Reason));
        Assert.Equal(blood.Genotype[locus], (await web.Store.LoadStrSamplesAsync(patient)).Single(s => s.Id == blood.Id).Genotype[locus]);
        Assert.Contains($"reject {locus} {allele}", page, StringComparison.Ordinal);
        Assert.Contains("pull-up from the dye above", page, StringComparison.Ordinal);
        Assert.Contains("id=\"str-review-list\"", page, StringComparison.Ordinal);
        Assert.Contains("class=\"num before-after\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"sign-form\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_ARelabelToAnAlleleTheBinsDoNotKnow_IsStr021AtItsField_AndNothingIsWritten()
    {
        var (patient, blood, lab) = await KeptRunAsync(101);
        var (locus, allele) = blood.Genotype.First(g => !g.Value.IsEmpty) is var g ? (g.Key, g.Value[0]) : default;

        var html = await (await WebFixture.PostFormAsync(lab, $"/patients/{patient}/str/{blood.Id}/review", "str-review", ReviewFields("relabel", locus, allele, "99.9", "typo"))).Content.ReadAsStringAsync();
        var unexplained = await (await WebFixture.PostFormAsync(lab, $"/patients/{patient}/str/{blood.Id}/review", "str-review", ReviewFields("accept", locus, allele, null, ""))).Content.ReadAsStringAsync();

        Assert.Contains("data-field=\"newAllele\"><code>STR021</code>", html.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("<code>STR018</code>", unexplained, StringComparison.Ordinal);
        Assert.Empty(await web.Store.LoadStrCallReviewsAsync(patient));
    }

    [Fact]
    public async Task Review_WithoutItsAntiforgeryToken_Is400_AndNothingIsWritten()
    {
        var (patient, blood, lab) = await KeptRunAsync(111);
        var (locus, allele) = blood.Genotype.First(g => !g.Value.IsEmpty) is var g ? (g.Key, g.Value[0]) : default;

        var response = await WebFixture.PostFormAsync(lab, $"/patients/{patient}/str/{blood.Id}/review", "str-review", ReviewFields("accept", locus, allele, null, "fine"), withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await web.Store.LoadStrCallReviewsAsync(patient));
    }

    [Theory]
    [InlineData(Roles.Clinician, 121)]
    [InlineData(Roles.Pathologist, 141)]
    [InlineData(Roles.Researcher, 151)] // each its own run: the same files would be the same samples, kept once
    public async Task Review_ByARoleOtherThanTheMolecularLab_IsDenied_AndNothingIsWritten(string role, int seed)
    {
        var (patient, blood, _) = await KeptRunAsync(seed);
        var client = await web.SignedInAsync(role);
        var (locus, allele) = blood.Genotype.First(g => !g.Value.IsEmpty) is var g ? (g.Key, g.Value[0]) : default;
        var form = new Dictionary<string, string>(ReviewFields("reject", locus, allele, null, "not mine to review")) { ["_handler"] = "str-review" };

        var page = await client.GetAsync($"/patients/{patient}/str/{blood.Id}/review");
        var posted = await client.PostAsync($"/patients/{patient}/str/{blood.Id}/review", new FormUrlEncodedContent(form));

        Assert.All([page, posted], r => Assert.Contains("/account/denied", r.Headers.Location!.ToString(), StringComparison.Ordinal));
        Assert.Empty(await web.Store.LoadStrCallReviewsAsync(patient));
        if (role != Roles.Researcher)
        {
            Assert.DoesNotContain("/review", await client.GetStringAsync($"/patients/{patient}/str/{blood.Id}"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Signed_TheReviewIsRefusedWithStr024_UntilANewVersion_AndTheOldSignatureStaysListedAsNoLongerValid()
    {
        var (patient, blood, lab) = await KeptRunAsync(131);
        var (locus, allele) = blood.Genotype.First(g => !g.Value.IsEmpty) is var g ? (g.Key, g.Value[0]) : default;
        var record = SignedRecord.Of(PatientRecordKind.StrResult, patient, blood.Id);
        var samplePath = $"/patients/{patient}/str/{blood.Id}";
        var reviewPath = samplePath + "/review";
        var signFields = new Dictionary<string, string>
        {
            ["Sign.Meaning"] = "review", ["Sign.User"] = Roles.MolecularLab, ["Sign.Password"] = WebFixture.Password, ["Sign.Hash"] = (await web.Store.ContentHashAsync(record))!,
        };

        var signed = await WebFixture.PostFormAsync(lab, samplePath, "sign", signFields);
        var lockedPage = await lab.GetStringAsync(reviewPath);
        var refused = await (await WebFixture.PostFormAsync(lab, reviewPath, "str-review", ReviewFields("reject", locus, allele, null, "second thoughts"))).Content.ReadAsStringAsync();
        var version = await WebFixture.PostFormAsync(lab, reviewPath, "str-version", new() { ["Version.Reason"] = "a call must be corrected after sign-off" });
        var reviewed = await WebFixture.PostFormAsync(lab, reviewPath, "str-review", ReviewFields("reject", locus, allele, null, "pull-up"));

        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        Assert.Contains("id=\"str-locked\"", lockedPage, StringComparison.Ordinal);
        Assert.Contains("data-field=\"locus\"><code>STR024</code>", refused.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, version.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, reviewed.StatusCode);
        Assert.Equal([CallReviewAction.NewVersion, CallReviewAction.Reject], (await web.Store.LoadStrCallReviewsAsync(patient)).Select(r => r.Action));
        var signature = Assert.Single(await web.Store.LoadSignaturesAsync(record));
        Assert.Equal((SignatureValidity.RecordChanged, "Test molecular-lab"), (signature.Validity, signature.Signature.SignerFullName));
        var page = await lab.GetStringAsync(samplePath);
        Assert.Contains("signature-invalid", page, StringComparison.Ordinal);
        Assert.Contains("Reviews (version 2)", page, StringComparison.Ordinal);
    }
}
