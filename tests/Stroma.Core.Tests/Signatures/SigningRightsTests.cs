using Stroma.Core.Signatures;

namespace Stroma.Core.Tests.Signatures;

public sealed class SigningRightsTests
{
    // EU GMP Annex 16: the qualified person certifies (releases) a batch; the manufacturing staff do not release their own lot.
    [Fact]
    public void Release_OnlyTheQualifiedPerson_AndOnlyALot()
    {
        Assert.Equal([SigningRights.QualifiedPerson], SigningRights.RolesFor(SignatureMeaning.Release, SignedRecordFamily.Lot));
        Assert.Empty(SigningRights.RolesFor(SignatureMeaning.Release, SignedRecordFamily.PatientRecord));
        Assert.False(SigningRights.May([SigningRights.CellFactory], SignatureMeaning.Release, SignedRecordFamily.Lot));
        Assert.True(SigningRights.May([SigningRights.QualifiedPerson], SignatureMeaning.Release, SignedRecordFamily.Lot));
    }

    [Theory]
    [InlineData(SigningRights.Clinician, "review,approval,authorship")]
    [InlineData(SigningRights.Pathologist, "review,approval,authorship")]
    [InlineData(SigningRights.MolecularLab, "review,authorship")]
    [InlineData(SigningRights.ResearchNurse, "authorship")]
    [InlineData(SigningRights.QualifiedPerson, "")]
    [InlineData("researcher", "")]
    public void MeaningsFor_PatientRecords_FollowTheRole(string role, string meanings) =>
        Assert.Equal(meanings, string.Join(",", SigningRights.MeaningsFor([role], SignedRecordFamily.PatientRecord).Select(SignatureMeanings.Word)));

    [Theory]
    [InlineData("release", SignatureMeaning.Release)]
    [InlineData(" Review ", SignatureMeaning.Review)]
    [InlineData("AUTHORSHIP", SignatureMeaning.Authorship)]
    public void Parse_Words_AreTheMeanings(string word, SignatureMeaning expected) => Assert.Equal(expected, SignatureMeanings.Parse(word));

    [Theory]
    [InlineData("released")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_OtherWords_AreNone(string? word) => Assert.Null(SignatureMeanings.Parse(word));

    [Fact]
    public void Manifestation_ShowsMeaningFullNameUserAndTimeWithOffset()
    {
        var signature = new ElectronicSignature("s1", "mrossi", "Maria Rossi", new DateTimeOffset(2026, 12, 2, 11, 40, 5, TimeSpan.FromHours(1)), SignatureMeaning.Release,
            "msc_lots", null, "MSC-1", new string('0', 64));

        Assert.Equal("released by Maria Rossi (mrossi) at 2026-12-02 11:40:05 +01:00", signature.Manifestation);
    }
}
