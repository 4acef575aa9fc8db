namespace Stroma.Core.Str;

/// <summary>Stable issue codes for ladders and allele calls.</summary>
public static class StrIssues
{
    /// <summary>A locus's ladder peaks could not be matched to its ladder alleles.</summary>
    public const string LadderLocusFailed = "STR001";

    /// <summary>A locus has more alleles than a single source can have (warning).</summary>
    public const string TooManyAlleles = "STR002";

    /// <summary>A peak lies in a locus window but in no bin (off-ladder, warning).</summary>
    public const string OffLadder = "STR003";

    /// <summary>The largest ladder alleles of a locus ran off the end of the run or were too weak; they have no bin (warning).</summary>
    public const string LadderEndMissing = "STR004";

    /// <summary>Two alleles at a locus are out of balance (warning).</summary>
    public const string HeterozygoteImbalance = "STR005";

    /// <summary>More than two alleles at two or more loci: a mixed sample (warning).</summary>
    public const string Mixture = "STR006";

    /// <summary>A spike or dye blob lies in a locus (warning; the peak is not called).</summary>
    public const string Artefact = "STR007";

    /// <summary>A control did not give its expected result (error).</summary>
    public const string ControlFailed = "STR008";

    /// <summary>A post-treatment sample has a real peak at an allele of no reference (warning).</summary>
    public const string ForeignAllele = "STR009";

    /// <summary>A positive control was not judged: no expected profile was given and the kit has none (warning).</summary>
    public const string ControlNotJudged = "STR010";

    /// <summary>The ladder whose bins call a sample ran on another date (or in another named run) than the sample (warning).</summary>
    public const string LadderFromAnotherRun = "STR011";

    /// <summary>The contributors' shares of a sample do not add up to the whole: the sample is not a mixture of its references (error).</summary>
    public const string InconsistentWithReferences = "STR013";

    /// <summary>A file of an uploaded run has no role, or a role that is not one of <see cref="StrRunRoles.All"/> (error).</summary>
    public const string UnknownRunRole = "STR014";

    /// <summary>A post-treatment sample of an uploaded run lacks its material or its sampling time with offset (error).</summary>
    public const string SampleDetailsMissing = "STR015";

    /// <summary>An uploaded run's roles do not make a run: no ladder or two, a reference role twice, a sample without its references (error).</summary>
    public const string RunComposition = "STR016";

    /// <summary>A locus asked for (a zoom) is not one of the kit's (error).</summary>
    public const string UnknownLocus = "STR017";

    /// <summary>A call review without its reason, or with a reason that is not one line of at most 500 characters (error).</summary>
    public const string ReviewReasonMissing = "STR018";

    /// <summary>A call review whose action is not accept, reject, relabel or add (error).</summary>
    public const string UnknownReviewAction = "STR019";

    /// <summary>A call review names an allele that is not called at the locus (after the reviews before it) (error).</summary>
    public const string CallNotFound = "STR020";

    /// <summary>A relabel or an added allele names an allele the run's bins of the locus do not know (error).</summary>
    public const string AlleleNotInBins = "STR021";

    /// <summary>An added allele has no peak in its bin at the locus's dye (error).</summary>
    public const string NoPeakInBin = "STR022";

    /// <summary>A relabel or an added allele names an allele already called at the locus (error).</summary>
    public const string AlleleAlreadyCalled = "STR023";

    /// <summary>A review of a signed result (its own, or a result whose reference it is) without a new version started (error).</summary>
    public const string ResultLocked = "STR024";

    /// <summary>A new version asked of a result that is not signed as it stands: there is nothing to supersede (error).</summary>
    public const string NothingToSupersede = "STR025";

    /// <summary>Two references of a chimerism analysis have the same genotype at every locus used: nothing tells them apart (error).</summary>
    public const string ReferencesIndistinguishable = "STR026";
}

/// <summary>
/// The artefact and quality flags of peaks, loci and samples, named as they appear in output (research/str.md §3.6; OSIRIS's sample
/// tests and thresholds, shared kits/osiris/Generic_LabSettings.xml).
/// </summary>
public static class StrFlags
{
    /// <summary>A peak in no bin of the run's ladder.</summary>
    public const string OffLadder = "off-ladder";

    /// <summary>The detector saturated under the peak (cap reached or an off-scale scan).</summary>
    public const string Saturated = "saturated";

    /// <summary>Taller than the overload threshold (OSIRIS AlleleRFUOverloadThreshold): heights, ratios and pull-up are unreliable.</summary>
    public const string Overloaded = "overloaded";

    /// <summary>Bleed-through at the position of a much taller peak in another dye.</summary>
    public const string PullUp = "pull-up";

    /// <summary>Back stutter: one repeat below a taller peak and under the stutter ratio of it.</summary>
    public const string Stutter = "stutter";

    /// <summary>About 1 bp below a taller peak and under the adenylation ratio of it (incomplete +A).</summary>
    public const string MinusA = "minus-a";

    /// <summary>An electrical spike: far narrower than the channel's peaks and at the same scan in at least three dyes.</summary>
    public const string Spike = "spike";

    /// <summary>A dye blob: unincorporated dye, far wider than the channel's peaks.</summary>
    public const string DyeBlob = "dye-blob";

    /// <summary>Under the sample fraction of the locus's tallest peak (OSIRIS FractionOfMaxPeak).</summary>
    public const string BelowFractionOfMax = "below-fraction-of-max";

    /// <summary>Two alleles whose height ratio (lower ÷ higher) is under the heterozygote balance limit.</summary>
    public const string HeterozygoteImbalance = "heterozygote-imbalance";

    /// <summary>More than two alleles at a locus (mixture, contamination or a tri-allelic pattern).</summary>
    public const string MoreThanTwoAlleles = "more-than-two-alleles";

    /// <summary>No allele called at the locus (drop-out, or a negative control's expected result).</summary>
    public const string NoCall = "no-call";

    /// <summary>More than two alleles at two or more loci: a mixed sample.</summary>
    public const string Mixture = "mixture";

    /// <summary>A called allele a reviewer rejected (the peak is set aside, and chimerism passes over it).</summary>
    public const string Rejected = "rejected-by-review";

    /// <summary>A called allele a reviewer relabelled (the peak keeps its size and height, chimerism reads it as the new allele).</summary>
    public const string Relabelled = "relabelled-by-review";

    /// <summary>An allele a reviewer added from a peak the calling missed or set aside.</summary>
    public const string AddedByReview = "added-by-review";
}
