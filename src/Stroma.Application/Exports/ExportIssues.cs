namespace Stroma.Application.Exports;

/// <summary>The codes of exports (<c>stroma export</c>, the patient page's and the cohort page's downloads).</summary>
public static class ExportIssues
{
    /// <summary>
    /// A chimerism result's uncorrected share could not be recomputed from the kept raw files (the kit or a file is not here any more):
    /// its cell is empty and the corrected share, as kept, is still exported (warning).
    /// </summary>
    public const string UncorrectedNotRecomputed = "EXPORT001";
}
