using System.Globalization;

namespace Stroma.Core.Course;

/// <summary>
/// When two lab results are the same measurement: the same analyte and specimen, sampled at the same instant, with the same value
/// in the canonical unit (to six significant figures, so 1.0 mg/dL and 88.4 µmol/L of creatinine are one measurement). A second
/// copy — a row repeated in a file, or a row already stored under another id — is a double entry, never a second sample.
/// </summary>
public static class LabDuplicates
{
    /// <summary>The key two copies of one measurement share.</summary>
    public static string KeyOf(LabResult lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return string.Create(CultureInfo.InvariantCulture, $"{lab.Analyte}|{lab.SampledAt.UtcTicks}|{lab.Value:G6}|{lab.Specimen}");
    }

    /// <summary>
    /// The key of the slot a measurement fills: the same analyte and specimen sampled at the same instant. Two results with one slot
    /// and different values conflict (a rerun gets its own time; a correction is an amendment), so which holds is never guessed.
    /// </summary>
    public static string SlotOf(LabResult lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        return string.Create(CultureInfo.InvariantCulture, $"{lab.Analyte}|{lab.SampledAt.UtcTicks}|{lab.Specimen}");
    }

    /// <summary>Each result that repeats an earlier one of the list, with the earlier one.</summary>
    public static IEnumerable<(LabResult Repeat, LabResult First)> Within(IEnumerable<LabResult> labs)
    {
        ArgumentNullException.ThrowIfNull(labs);
        var seen = new Dictionary<string, LabResult>(StringComparer.Ordinal);
        foreach (var lab in labs)
        {
            if (!seen.TryAdd(KeyOf(lab), lab))
            {
                yield return (lab, seen[KeyOf(lab)]);
            }
        }
    }
}
