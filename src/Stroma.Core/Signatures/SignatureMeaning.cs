namespace Stroma.Core.Signatures;

/// <summary>
/// What a signer means by an electronic signature (21 CFR 11.50(a)(3)): shown with the signature wherever the signed record is shown
/// and printed.
/// </summary>
public enum SignatureMeaning
{
    /// <summary>The signer reviewed the record and found it correct.</summary>
    Review,

    /// <summary>The signer approves the record (a clinical or pathological finding stands).</summary>
    Approval,

    /// <summary>The qualified person releases the lot for clinical use (only a lot is released).</summary>
    Release,

    /// <summary>The signer is the author of the record.</summary>
    Authorship,
}

/// <summary>The family of records a signature may name: a patient's record, or a cell-product lot.</summary>
public enum SignedRecordFamily
{
    /// <summary>A record of a patient (a lab result, a session, an adverse event, a biopsy, an infusion ...).</summary>
    PatientRecord,

    /// <summary>An MSC lot with its bags and release results.</summary>
    Lot,
}

/// <summary>The meanings in words, as the command line and forms take them.</summary>
public static class SignatureMeanings
{
    /// <summary>The meaning's word (<c>review</c>, <c>approval</c>, <c>release</c>, <c>authorship</c>).</summary>
    public static string Word(SignatureMeaning meaning) => meaning switch
    {
        SignatureMeaning.Review => "review",
        SignatureMeaning.Approval => "approval",
        SignatureMeaning.Release => "release",
        SignatureMeaning.Authorship => "authorship",
        _ => throw new ArgumentOutOfRangeException(nameof(meaning), meaning, "Not a signature meaning."),
    };

    /// <summary>The meaning as it is printed beside a signature ("reviewed by", "released by").</summary>
    public static string Verb(SignatureMeaning meaning) => meaning switch
    {
        SignatureMeaning.Review => "reviewed",
        SignatureMeaning.Approval => "approved",
        SignatureMeaning.Release => "released",
        SignatureMeaning.Authorship => "authored",
        _ => throw new ArgumentOutOfRangeException(nameof(meaning), meaning, "Not a signature meaning."),
    };

    /// <summary>Every meaning, in the order forms list them.</summary>
    public static IReadOnlyList<SignatureMeaning> All { get; } = [SignatureMeaning.Review, SignatureMeaning.Approval, SignatureMeaning.Release, SignatureMeaning.Authorship];

    /// <summary>The meaning a word names (case-insensitive), or null.</summary>
    public static SignatureMeaning? Parse(string? word) =>
        All.Cast<SignatureMeaning?>().FirstOrDefault(m => string.Equals(Word(m!.Value), word?.Trim(), StringComparison.OrdinalIgnoreCase));
}
