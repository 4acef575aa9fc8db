using Stroma.Core.Signatures;
using Stroma.Reports.Course;

namespace Stroma.Reports.Tests.Course;

/// <summary>21 CFR 11.50(b): signatures printed with the record: signer's full name, time with offset, meaning, validity.</summary>
public sealed class CaseReportSignaturesTests
{
    private static readonly DateTimeOffset At = new(2021, 3, 1, 10, 15, 0, TimeSpan.FromHours(1));

    private static CheckedSignature Signature(string table, string id, SignatureMeaning meaning, SignatureValidity validity, string? patient = "DEMO-001") =>
        new(new ElectronicSignature("s-" + id, "doc", "Ada Lovelace", At, meaning, table, patient, id, new string('a', 64)), validity);

    [Fact]
    public void Render_Signatures_ArePrintedWithTheirValidity()
    {
        var (course, assessment) = ReportFixture.Demo();
        var sections = ReportFixture.DemoSections() with
        {
            Signatures = [Signature("lab_results", "lab-1", SignatureMeaning.Review, SignatureValidity.Valid), Signature("drugs", "drug-1", SignatureMeaning.Approval, SignatureValidity.RecordChanged)],
        };

        var cells = ReportFixture.Cells(CaseReport.Render(course, assessment, ReportFixture.GeneratedAt, sections));

        Assert.Equal(["lab results lab-1", "review", "Ada Lovelace (doc)", "2021-03-01 10:15:00 +01:00", "valid"], cells.SkipWhile(c => c != "lab results lab-1").Take(5));
        Assert.Contains("signature no longer valid: the record changed after it was signed", cells);
    }

    // A pseudonymised report names no signer and prints no record's signatures; the lot's release keeps its meaning, moved by the shift.
    [Fact]
    public void Apply_Pseudonymised_WithholdsSignersAndLeavesRecordSignaturesOut()
    {
        var sections = ReportFixture.DemoSections();
        var lot = sections.Lots![0];
        var signed = sections with
        {
            Lots = [lot with { Release = lot.Release with { ReleaseSignature = Signature("msc_lots", lot.Lot.Id, SignatureMeaning.Release, SignatureValidity.Valid, patient: null) } }],
            Signatures = [Signature("lab_results", "lab-1", SignatureMeaning.Review, SignatureValidity.Valid)],
        };

        var shifted = ReportPseudonymisation.Apply(signed, 17);

        Assert.Null(shifted.Signatures);
        var release = shifted.Lots![0].Release.ReleaseSignature!.Signature;
        Assert.Equal((new DateTimeOffset(2021, 3, 18, 10, 15, 0, TimeSpan.Zero), Core.Course.Pseudonymisation.Withheld, Core.Course.Pseudonymisation.Withheld), (release.SignedAt, release.SignerFullName, release.SignerUserName));
        Assert.True(shifted.Lots[0].Release.Released);
    }
}
