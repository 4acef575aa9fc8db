using Stroma.Core.Signatures;

namespace Stroma.Reports.Course;

public static partial class CaseReport
{
    // 21 CFR 11.50(b): each signature printed with the record it signs: the signer's full name, the date and time with the offset,
    // the meaning, and whether it still holds.
    private static void Signatures(Html html, IReadOnlyList<CheckedSignature> signatures)
    {
        html.Element("h2", "Electronic signatures");
        html.Table("Record", "Meaning", "Signed by", "When", "Validity");
        foreach (var c in signatures)
        {
            var s = c.Signature;
            html.Cells($"{s.Table.Replace('_', ' ')} {s.RecordId}", SignatureMeanings.Word(s.Meaning), $"{s.SignerFullName} ({s.SignerUserName})",
                s.SignedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture), c.ValidityText);
        }

        html.EndTable();
    }
}
