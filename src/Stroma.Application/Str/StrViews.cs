namespace Stroma.Application.Str;

// The result records of the STR commands (str size, str analyze, str chimerism) as --json prints them: sizes in bp, heights and
// areas in RFU, percentages in percent.

/// <summary>How a lane was sized: the size standard matched, the curve, its quality and the fragments not found.</summary>
public sealed record SizingView(string SizeStandard, string Method, double Quality, double Correlation, double MaxResidualBp, int FragmentsMatched, IReadOnlyList<double> MissingFragments);

/// <summary>A sized peak: dye, channel, scan, size, height, area and flags.</summary>
public sealed record PeakView(string Dye, int Channel, double Scan, double Size, double Height, double Area, IReadOnlyList<string> Flags);

/// <summary>One sample of <c>str size</c>.</summary>
public sealed record SizedSampleView(string File, string? Sample, string? Well, int StandardChannel, SizingView Sizing, IReadOnlyList<PeakView> Peaks);

/// <summary><c>str size --json</c>.</summary>
public sealed record SizedSamplesView(IReadOnlyList<SizedSampleView> Samples);

/// <summary>A control profile checked: which, whether it passed, and each difference.</summary>
public sealed record ControlCheckView(string Control, bool Passed, IReadOnlyList<string> Differences);

/// <summary>A called allele with its peak.</summary>
public sealed record AlleleView(string Allele, double Size, double Height, double Area, IReadOnlyList<string> Flags);

/// <summary>A peak set aside at a locus, with its artefact and why.</summary>
public sealed record FilteredPeakView(double Size, double Height, string Flag, string Reason);

/// <summary>A locus of a sample: genotype, flags, heterozygote balance, alleles and filtered peaks.</summary>
public sealed record LocusView(string Locus, IReadOnlyList<string> Genotype, IReadOnlyList<string> Flags, double? HeterozygoteBalance, IReadOnlyList<AlleleView> Alleles, IReadOnlyList<FilteredPeakView> Filtered);

/// <summary>A sample analysed against the kit.</summary>
public sealed record SampleView(string File, string? Sample, string? Well, string Role, SizingView Sizing, IReadOnlyList<string> Flags, ControlCheckView? Check, IReadOnlyList<LocusView> Loci);

/// <summary>The allelic ladder: its file, sizing, alleles found of those expected, and its control check.</summary>
public sealed record LadderView(string File, SizingView Sizing, int AllelesFound, int AllelesExpected, ControlCheckView? Check);

/// <summary><c>str analyze --json</c>.</summary>
public sealed record StrAnalysisView(string Kit, LadderView Ladder, IReadOnlyList<SampleView> Samples);

/// <summary>A contributor's share of a sample (corrected by its reference's allele balance, and uncorrected).</summary>
public sealed record ContributorView(
    string Role, string File, double? Percent, double? UncorrectedPercent, double? Sd, double? Cv, bool Detected, double Lod, string Text, int InformativeLoci, int LociUsed,
    double? LeastSquaresPercent);

/// <summary>A contributor's share at one locus.</summary>
public sealed record LocusContributorView(string Role, double Percent, double? UncorrectedPercent, double? ReferenceShare, IReadOnlyList<string> UniqueAlleles, bool ByDifference, bool Outlier);

/// <summary>A locus of the chimerism: each reference's genotype, the sample's signal per allele, the noise floor, each contributor's share.</summary>
public sealed record ChimerismLocusView(
    string Locus, IReadOnlyDictionary<string, IReadOnlyList<string>> Genotypes, IReadOnlyDictionary<string, double> Signals, double NoiseFloor, IReadOnlyList<LocusContributorView> Contributors);

/// <summary>A locus left out, and why.</summary>
public sealed record SkippedLocusView(string Locus, string Reason);

/// <summary>A sample peak at an allele no reference has.</summary>
public sealed record ForeignAlleleView(string Locus, string Allele, double Size, double Height, double PercentOfLocus);

/// <summary><c>str chimerism --json</c>.</summary>
public sealed record ChimerismView(
    string Sample, string Kit, string Ladder, string Signal, string Stutter, string Correction, double NoiseFloorQuantile, double? UnexplainedPercent,
    IReadOnlyList<ContributorView> Contributors, IReadOnlyList<ChimerismLocusView> Loci, IReadOnlyList<SkippedLocusView> Skipped, IReadOnlyList<ForeignAlleleView> ForeignAlleles);
