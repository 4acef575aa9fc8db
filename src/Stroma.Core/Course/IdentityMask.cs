using System.Text;
using System.Text.Encodings.Web;

namespace Stroma.Core.Course;

/// <summary>
/// Masks a patient's name and hospital number in kept raw bytes (a FHIR bundle, a course JSON, a CSV, an instrument file's sample
/// name) when the identity is erased (GDPR Art. 17). Each occurrence is overwritten by as many <c>X</c> as it has bytes, so the file
/// keeps its length and structure: JSON stays JSON, a CSV keeps its columns, a binary file keeps its offsets, and every value (numbers,
/// units, codes, times) stays as it was, so what was derived from the file can still be recomputed from it.
/// </summary>
/// <remarks>
/// Masked: the full name, the hospital number, and each part of the name of three characters or more as a whole word, matched with the
/// case as written (a FHIR <c>Patient.name</c> holds the family and given names apart), in UTF-8 and in JSON's <c>\uXXXX</c> escaping
/// of non-ASCII letters. Not masked: the birth date, which the clinical record keeps for the science (ages, eGFR) and pseudonymised
/// outputs reduce to the year, and a name written in another form (initials, another spelling).
/// </remarks>
public static class IdentityMask
{
    private const byte Mask = (byte)'X';

    /// <summary>The shortest name part masked on its own (shorter parts are masked within the full name).</summary>
    public const int MinimumPartLength = 3;

    /// <summary>The content with the identity masked, or null when it holds none of it.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static byte[]? Apply(byte[] content, PatientIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(identity);
        var masked = (byte[])content.Clone();
        var changed = false;
        foreach (var (needle, wholeWord) in Needles(identity))
        {
            changed |= MaskAll(masked, needle, wholeWord);
        }

        return changed ? masked : null;
    }

    private static IEnumerable<(byte[] Needle, bool WholeWord)> Needles(PatientIdentity identity)
    {
        var texts = new List<(string Text, bool WholeWord)> { (identity.Name.Trim(), false), (identity.HospitalNumber.Trim(), false) };
        texts.AddRange(identity.Name.Split([' ', ',', '\t', '-', '\''], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => p.Length >= MinimumPartLength).Select(p => (p, true)));
        return texts.Where(t => t.Text.Length > 0)
            .SelectMany(t => new[] { Encoding.UTF8.GetBytes(t.Text), Encoding.UTF8.GetBytes(JavaScriptEncoder.Default.Encode(t.Text)) }.Select(b => (b, t.WholeWord)))
            .DistinctBy(n => Convert.ToHexString(n.Item1) + n.WholeWord)
            .OrderByDescending(n => n.Item1.Length); // the full name before its parts
    }

    private static bool MaskAll(byte[] content, byte[] needle, bool wholeWord)
    {
        var changed = false;
        var span = content.AsSpan();
        var from = 0;
        while (from <= span.Length - needle.Length)
        {
            var found = span[from..].IndexOf(needle);
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            if (!wholeWord || (IsBoundary(span, at - 1) && IsBoundary(span, at + needle.Length)))
            {
                span.Slice(at, needle.Length).Fill(Mask);
                changed = true;
            }

            from = at + 1;
        }

        return changed;
    }

    // A word ends where the bytes stop being letters or digits (any byte of a multi-byte UTF-8 letter counts as a letter).
    private static bool IsBoundary(ReadOnlySpan<byte> content, int index) =>
        index < 0 || index >= content.Length || !(char.IsAsciiLetterOrDigit((char)content[index]) || content[index] >= 0x80);
}
