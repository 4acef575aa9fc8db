namespace Stroma.Core.Str;

/// <summary>
/// Amelogenin, the sex marker of STR kits: its alleles are X and Y (the X copy of the amplicon is the shorter, AMELX carrying a
/// 6 bp deletion; Sullivan et al., BioTechniques 1993;15:636). OSIRIS kit files and control lists, and some GeneMapper panels, number
/// them 1 and 2 instead; every reader names them X and Y, so calls, stored genotypes, control checks and chimerism all say X and Y.
/// </summary>
public static class Amelogenin
{
    /// <summary>True for the amelogenin locus (AMEL, Amelogenin, AM).</summary>
    public static bool IsLocus(string locus) =>
        locus.Equals("AMEL", StringComparison.OrdinalIgnoreCase) || locus.Equals("Amelogenin", StringComparison.OrdinalIgnoreCase) || locus.Equals("AM", StringComparison.OrdinalIgnoreCase);

    /// <summary>The allele's name as written: at amelogenin 1 is X and 2 is Y; anything else is returned unchanged.</summary>
    public static string AlleleName(string locus, string allele)
    {
        ArgumentNullException.ThrowIfNull(locus);
        ArgumentNullException.ThrowIfNull(allele);
        return !IsLocus(locus) ? allele : allele.Trim() switch
        {
            "1" => "X",
            "2" => "Y",
            "x" => "X",
            "y" => "Y",
            var other => other,
        };
    }
}
