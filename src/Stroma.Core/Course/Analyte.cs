using Stroma.Core.Quantities;

namespace Stroma.Core.Course;

/// <summary>The laboratory and body measurements the course keeps.</summary>
public enum Analyte
{
    /// <summary>Serum or plasma creatinine.</summary>
    Creatinine,

    /// <summary>Serum cystatin C.</summary>
    CystatinC,

    /// <summary>Urine protein/creatinine ratio.</summary>
    Upcr,

    /// <summary>Urine albumin/creatinine ratio.</summary>
    Uacr,

    /// <summary>Serum albumin.</summary>
    SerumAlbumin,

    /// <summary>Body height.</summary>
    Height,

    /// <summary>Body weight.</summary>
    Weight,
}

/// <summary>Where a sample came from.</summary>
public enum Specimen
{
    /// <summary>Serum or plasma.</summary>
    SerumOrPlasma,

    /// <summary>A random (spot) urine.</summary>
    SpotUrine,

    /// <summary>The first-morning urine (what paediatric definitions ask for).</summary>
    FirstMorningUrine,

    /// <summary>A 24-hour urine collection.</summary>
    Urine24Hour,

    /// <summary>A body measurement (height, weight).</summary>
    BodyMeasurement,
}

/// <summary>Names, units, LOINC codes and readers of each <see cref="Analyte"/> (research/renal.md §5).</summary>
public static class Analytes
{
    /// <summary>The analyte names used in CSV files and the CLI.</summary>
    public static IReadOnlyDictionary<string, Analyte> ByName { get; } = new Dictionary<string, Analyte>(StringComparer.OrdinalIgnoreCase)
    {
        ["creatinine"] = Analyte.Creatinine,
        ["cystatin_c"] = Analyte.CystatinC,
        ["upcr"] = Analyte.Upcr,
        ["uacr"] = Analyte.Uacr,
        ["albumin"] = Analyte.SerumAlbumin,
        ["height"] = Analyte.Height,
        ["weight"] = Analyte.Weight,
    };

    /// <summary>The CSV/CLI name of an analyte.</summary>
    public static string NameOf(Analyte analyte) => ByName.First(p => p.Value == analyte).Key;

    /// <summary>The quantity kind (units, ranges) of an analyte.</summary>
    public static QuantityKind KindOf(Analyte analyte) => analyte switch
    {
        Analyte.Creatinine => Creatinine.Kind,
        Analyte.CystatinC => CystatinC.Kind,
        Analyte.Upcr => Upcr.Kind,
        Analyte.Uacr => Uacr.Kind,
        Analyte.SerumAlbumin => SerumAlbumin.Kind,
        Analyte.Height => Height.Kind,
        Analyte.Weight => Weight.Kind,
        _ => throw new ArgumentOutOfRangeException(nameof(analyte), analyte, "Unknown analyte."),
    };

    /// <summary>The specimen assumed when none is given.</summary>
    public static Specimen DefaultSpecimen(Analyte analyte) => analyte switch
    {
        Analyte.Upcr or Analyte.Uacr => Specimen.SpotUrine,
        Analyte.Height or Analyte.Weight => Specimen.BodyMeasurement,
        _ => Specimen.SerumOrPlasma,
    };

    /// <summary>
    /// The LOINC code for an analyte reported in a unit, or null where none exists. Mass ratios and mass concentrations have their
    /// own codes; UPCR in mg/mmol has no moles-ratio code and goes as 34366-5 "Protein/Creatinine [Ratio]" (research/renal.md §5).
    /// </summary>
    public static string? Loinc(Analyte analyte, string ucum, Specimen specimen) => (analyte, ucum) switch
    {
        (Analyte.Creatinine, "umol/L") => "14682-9",
        (Analyte.Creatinine, _) => "2160-0",
        (Analyte.CystatinC, _) => "33863-2",
        (Analyte.Upcr, _) when specimen == Specimen.Urine24Hour => ucum.EndsWith("/mmol", StringComparison.Ordinal) ? "40486-3" : "13801-6",
        (Analyte.Upcr, "mg/mmol" or "g/mmol") => "34366-5",
        (Analyte.Upcr, _) => "2890-2",
        (Analyte.Uacr, "mg/mmol") => "32294-1",
        (Analyte.Uacr, _) => "9318-7",
        (Analyte.SerumAlbumin, _) => "1751-7",
        (Analyte.Height, _) => "8302-2",
        (Analyte.Weight, _) => "29463-7",
        _ => null,
    };
}
