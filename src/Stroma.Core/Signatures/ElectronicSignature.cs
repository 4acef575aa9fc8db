namespace Stroma.Core.Signatures;

/// <summary>
/// An electronic signature as kept (21 CFR 11.50, 11.70): who signed (user name and full name), when (with the signer's offset), what
/// it means, and the record it names with the SHA-256 of that record's content as it was signed. It is its own append-only, audited
/// record; it is valid only while the named record's content still has that hash.
/// </summary>
/// <param name="Id">The signature's id.</param>
/// <param name="SignerUserName">The signer's user name.</param>
/// <param name="SignerFullName">The signer's full name, as it was when signing.</param>
/// <param name="SignedAt">When, with the offset it was signed at.</param>
/// <param name="Meaning">What the signature means.</param>
/// <param name="Table">The table of the signed record (its kind, as the audit trail names it).</param>
/// <param name="PatientId">The patient of a patient's record, or null (a lot).</param>
/// <param name="RecordId">The signed record's id.</param>
/// <param name="ContentHash">SHA-256 (lower-case hex) of the canonical content of the record as signed.</param>
public sealed record ElectronicSignature(string Id, string SignerUserName, string SignerFullName, DateTimeOffset SignedAt, SignatureMeaning Meaning,
    string Table, string? PatientId, string RecordId, string ContentHash)
{
    /// <summary>The manifestation (21 CFR 11.50(a)): "released by Maria Rossi (mrossi) at 2026-12-02 10:40 +01:00".</summary>
    public string Manifestation => FormattableString.Invariant(
        $"{SignatureMeanings.Verb(Meaning)} by {SignerFullName} ({SignerUserName}) at {SignedAt:yyyy-MM-dd HH:mm:ss zzz}");
}

/// <summary>Whether a signature still stands.</summary>
public enum SignatureValidity
{
    /// <summary>The record's content has the hash that was signed.</summary>
    Valid,

    /// <summary>The record changed after it was signed: the signature no longer applies.</summary>
    RecordChanged,

    /// <summary>The record is no longer stored (retracted).</summary>
    RecordRemoved,
}

/// <summary>A signature with its validity now.</summary>
/// <param name="Signature">The signature.</param>
/// <param name="Validity">Whether it still stands.</param>
public sealed record CheckedSignature(ElectronicSignature Signature, SignatureValidity Validity)
{
    /// <summary>Whether it still stands.</summary>
    public bool IsValid => Validity == SignatureValidity.Valid;

    /// <summary>The validity in words, as pages, reports and the command line show it.</summary>
    public string ValidityText => Validity switch
    {
        SignatureValidity.Valid => "valid",
        SignatureValidity.RecordChanged => "signature no longer valid: the record changed after it was signed",
        _ => "signature no longer valid: the record was retracted",
    };
}
