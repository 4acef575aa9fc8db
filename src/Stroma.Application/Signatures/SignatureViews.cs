using System.Globalization;
using Stroma.Application.Course;
using Stroma.Core.Signatures;

namespace Stroma.Application.Signatures;

/// <summary>An electronic signature as <c>sign --json</c> and <c>signatures --json</c> print it, with its validity now.</summary>
public sealed record SignatureView(
    string Id, string Table, string? Patient, string Record, string Meaning, string Signer, string SignerFullName, string SignedAt, string ContentHash, bool Valid, string Validity)
{
    /// <summary>The view of a checked signature (its time to the millisecond with its offset).</summary>
    public static SignatureView Of(CheckedSignature checkedSignature)
    {
        ArgumentNullException.ThrowIfNull(checkedSignature);
        var s = checkedSignature.Signature;
        return new(s.Id, s.Table, s.PatientId, s.RecordId, SignatureMeanings.Word(s.Meaning), s.SignerUserName, s.SignerFullName,
            s.SignedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture), s.ContentHash, checkedSignature.IsValid, checkedSignature.ValidityText);
    }
}

/// <summary><c>sign --json</c>: the signature made (null when refused) and every issue.</summary>
public sealed record SignedView(SignatureView? Signature, IReadOnlyList<IssueView> Issues);

/// <summary><c>signatures --json</c>: the record asked about (null for a whole patient), its content hash now (null when not stored), its signatures.</summary>
public sealed record SignatureListView(string? Record, string? ContentHash, IReadOnlyList<SignatureView> Signatures, IReadOnlyList<IssueView> Issues);
