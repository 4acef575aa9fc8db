using System.Collections.Immutable;
using System.Globalization;
using Stroma.Core.Diagnostics;
using Stroma.Core.Electrophoresis;

namespace Stroma.Core.Str;

/// <summary>What an injection is: the run's ladder, a control or a sample.</summary>
public enum SampleRole
{
    /// <summary>A sample to type (recipient, donor, post-treatment).</summary>
    Sample,

    /// <summary>The allelic ladder.</summary>
    Ladder,

    /// <summary>The kit's positive control DNA (9947A, 2800M, 007 …).</summary>
    PositiveControl,

    /// <summary>An amplification or extraction blank.</summary>
    NegativeControl,
}

/// <summary>Settings for a run's analysis: peak detection, sizing and calling.</summary>
/// <param name="Peaks">Baseline and peak detection (analytical threshold 50 RFU by default).</param>
/// <param name="Calls">Allele calling and artefact thresholds.</param>
/// <param name="Method">Sizing curve.</param>
/// <param name="MinStandardHeight">Three quarters of the size-standard fragments must reach this height (RFU), else the lane is not sized (SIZE004).</param>
public sealed record StrSettings(PeakDetectionSettings Peaks, CallSettings Calls, SizingMethod Method = SizingMethod.LocalSouthern, double MinStandardHeight = SizeStandardMatcher.DefaultMinStandardHeight)
{
    /// <summary>The defaults: 50 RFU detection, OSIRIS's calling thresholds, Local Southern sizing.</summary>
    public static StrSettings Default { get; } = new(new PeakDetectionSettings(MinHeight: 50), new CallSettings());
}

/// <summary>The run's ladder injection: sized, and the bins it gives for every locus.</summary>
/// <param name="File">File name.</param>
/// <param name="Kit">The kit.</param>
/// <param name="Lane">The sized ladder lane.</param>
/// <param name="Bins">Bins per locus (loci whose ladder failed are absent).</param>
/// <param name="Expected">Physical ladder alleles the kit defines.</param>
public sealed record LadderRun(string File, Kit Kit, SizedLane Lane, ImmutableArray<LocusBins> Bins, int Expected)
{
    /// <summary>When the ladder's run started (ABIF <c>RUND 1</c>/<c>RUNT 1</c>), if the file says.</summary>
    public DateTime? RunStarted { get; init; }

    /// <summary>The ladder's run name (ABIF <c>RunN</c>, 3500 files), if the file says.</summary>
    public string? RunName { get; init; }

    /// <summary>Ladder alleles found.</summary>
    public int Found => Bins.Sum(b => b.Alleles.Count(a => !a.Allele.IsVirtual));

    /// <summary>True when every locus calibrated and every physical ladder allele was found.</summary>
    public bool IsComplete => Bins.Length == Kit.Loci.Length && Found == Expected;
}

/// <summary>A control's verdict: passed, or what differed.</summary>
/// <param name="Control">What was checked: "ladder", "positive control 9947A", "negative control".</param>
/// <param name="Passed">True when the result is the expected one.</param>
/// <param name="Differences">Each difference, for example "D8S1179: expected 13, found 13, 14".</param>
public sealed record ControlCheck(string Control, bool Passed, ImmutableArray<string> Differences);

/// <summary>One injection analysed: sizing, calls per locus, sample flags and, for a control, its verdict.</summary>
/// <param name="File">File name.</param>
/// <param name="SampleName">Sample name from the file.</param>
/// <param name="Well">Well.</param>
/// <param name="Role">What the injection is.</param>
/// <param name="Lane">The sized lane.</param>
/// <param name="Loci">Calls per locus.</param>
/// <param name="Flags">Sample flags (<see cref="StrFlags.Mixture"/>).</param>
/// <param name="Check">The control verdict, for controls.</param>
public sealed record SampleAnalysis(string File, string? SampleName, string? Well, SampleRole Role, SizedLane Lane, ImmutableArray<LocusCall> Loci, ImmutableArray<string> Flags, ControlCheck? Check);

/// <summary>
/// A run end to end (research/str.md §3): read, size against the standard, calibrate the bins on the ladder injection, call every
/// sample with its artefact flags, and judge the controls against their expected results.
/// </summary>
public static class StrAnalysis
{
    /// <summary>The size standard is unknown or not named by the file (error).</summary>
    public const string UnknownStandard = "SIZE005";

    // OSIRIS's default name synonyms (shared kits/osiris/Generic_LabSettings.xml), matched case-insensitively in the file or sample name.
    private static readonly string[] LadderNames = ["ladder", "-AL"];
    private static readonly string[] PositiveNames = ["(+)", "pos", "amp+", "cntl+", "cntrl+", "ctl+", "ext+", "cntlde"];
    private static readonly string[] NegativeNames = ["neg", "(-)", "cntl-", "cntrl-", "ctl-", "blank", "ext-"];

    /// <summary>The role a lab's naming gives an injection (OSIRIS's default synonyms); anything else is a sample.</summary>
    public static SampleRole RoleFromName(string fileName, string? sampleName)
    {
        bool Has(string[] synonyms) => synonyms.Any(s => fileName.Contains(s, StringComparison.OrdinalIgnoreCase) || (sampleName?.Contains(s, StringComparison.OrdinalIgnoreCase) ?? false));
        return Has(LadderNames) ? SampleRole.Ladder : Has(NegativeNames) ? SampleRole.NegativeControl : Has(PositiveNames) ? SampleRole.PositiveControl : SampleRole.Sample;
    }

    /// <summary>
    /// The size standard: the one asked for; else the one the file's StdF tag names, when the kit (if given) runs with it; else the
    /// kit's, when it names one (a file whose StdF names another is overridden with a warning, SIZE007: the shared PowerPlex 16 files
    /// say GSLIZ500 on a 4-dye run whose standard is ILS 600). SIZE005 when nothing decides it.
    /// </summary>
    public static ReadResult<SizeStandard> Standard(AbifFile file, string fileName, string? requested, Kit? kit = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var known = string.Join(", ", SizeStandard.All.Select(s => s.Id));
        if (requested is not null)
        {
            return SizeStandard.All.FirstOrDefault(s => string.Equals(s.Id, requested, StringComparison.OrdinalIgnoreCase)) is { } chosen
                ? ReadResult.Of(chosen)
                : ReadResult.Failed<SizeStandard>([Issue.Error(UnknownStandard, "sizeStandard", $"Expected one of {known}; found '{requested}'.")]);
        }

        var named = SizeStandard.FromFileName(file.SizeStandardName);
        var kits = kit?.SizeStandards ?? [];
        if (named is not null && (kits.IsEmpty || kits.Contains(named)))
        {
            return ReadResult.Of(named);
        }

        if (kits.Length == 1)
        {
            return named is null
                ? ReadResult.Of(kits[0])
                : ReadResult.Of(kits[0], [Issue.Warning(SizingIssues.StandardNotTheKits, fileName,
                    $"The file's StdF names {named.Id} ('{file.SizeStandardName}'), but {kit!.Name} runs with {kits[0].Id}; {kits[0].Id} is used.")]);
        }

        var options = kits.IsEmpty ? known : string.Join(", ", kits.Select(s => s.Id));
        return ReadResult.Failed<SizeStandard>([Issue.Error(UnknownStandard, fileName,
            $"Expected the file (StdF '{file.SizeStandardName}') or the kit to name one size standard; name one of {options} with --size-standard.")]);
    }

    /// <summary>Sizes a lane with the kit's standard channel.</summary>
    public static ReadResult<SizedLane> Size(AbifFile file, string fileName, Kit kit, string? standard, StrSettings settings)
    {
        ArgumentNullException.ThrowIfNull(kit);
        ArgumentNullException.ThrowIfNull(settings);
        var chosen = Standard(file, fileName, standard, kit);
        if (chosen.Value is not { } s)
        {
            return ReadResult.Failed<SizedLane>(chosen.Issues);
        }

        var lane = LaneSizing.Size(file, fileName, s, kit.StandardFileChannel, settings.Peaks, settings.Method, settings.MinStandardHeight);
        return chosen.Issues.Count == 0 ? lane
            : lane.Value is { } sized ? ReadResult.Of(sized, chosen.Issues.Concat(lane.Issues)) : ReadResult.Failed<SizedLane>([.. chosen.Issues, .. lane.Issues]);
    }

    /// <summary>Sizes the ladder injection and calibrates the bins; fails when no locus calibrates.</summary>
    public static ReadResult<LadderRun> Ladder(AbifFile file, string fileName, Kit kit, string? standard, StrSettings settings)
    {
        ArgumentNullException.ThrowIfNull(kit);
        var lane = Size(file, fileName, kit, standard, settings);
        if (lane.Value is not { } sized)
        {
            return ReadResult.Failed<LadderRun>(lane.Issues);
        }

        var bins = Genotyping.CalibrateLadder(kit, sized, fileName);
        var issues = lane.Issues.Concat(bins.Issues).ToList();
        return bins.Value.IsDefaultOrEmpty
            ? ReadResult.Failed<LadderRun>(issues)
            : ReadResult.Of(new LadderRun(fileName, kit, sized, bins.Value, kit.Loci.Sum(l => l.Ladder.Count(a => !a.IsVirtual))) { RunStarted = file.RunStarted, RunName = RunName(file) }, issues);
    }

    /// <summary>The ladder's own verdict: every locus calibrated and every allele found.</summary>
    public static ControlCheck Check(LadderRun ladder)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        var differences = ladder.Kit.Loci
            .Select(l => (Locus: l, Bins: ladder.Bins.FirstOrDefault(b => b.Locus.Name == l.Name)))
            .Select(x => x.Bins is null
                ? $"{x.Locus.Name}: the ladder could not be matched"
                : x.Locus.Ladder.Where(a => !a.IsVirtual && x.Bins.Alleles.All(b => b.Allele.Name != a.Name)).Select(a => a.Name).ToList() is { Count: > 0 } missing
                    ? $"{x.Locus.Name}: alleles not found: {string.Join(", ", missing)}"
                    : null)
            .OfType<string>().ToImmutableArray();
        return new ControlCheck("ladder", differences.IsEmpty, differences);
    }

    /// <summary>
    /// Sizes and calls one injection against the run's ladder; a positive control is compared with <paramref name="expected"/>
    /// (locus → alleles; loci it does not list are not compared) and said to be not judged (STR010) without one; a negative control
    /// must call nothing. A ladder from another run date, or another named run, than the sample's is a warning (STR011): its bins
    /// carry that run's drift.
    /// </summary>
    public static ReadResult<SampleAnalysis> Sample(
        AbifFile file, string fileName, LadderRun ladder, string? standard, StrSettings settings, SampleRole role,
        (string Name, IReadOnlyDictionary<string, ImmutableArray<string>> Genotype)? expected = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentNullException.ThrowIfNull(settings);
        var lane = Size(file, fileName, ladder.Kit, standard, settings);
        if (lane.Value is not { } sized)
        {
            return ReadResult.Failed<SampleAnalysis>(lane.Issues);
        }

        var calls = Genotyping.Call(ladder.Bins, sized, settings.Calls, fileName);
        var issues = lane.Issues.Concat(calls.Issues).ToList();
        if (OtherRun(ladder, file) is { } other)
        {
            issues.Add(Issue.Warning(StrIssues.LadderFromAnotherRun, fileName, $"Expected the allelic ladder of this sample's run; the ladder {ladder.File} {other}."));
        }

        if (role == SampleRole.PositiveControl && expected is null)
        {
            issues.Add(Issue.Warning(StrIssues.ControlNotJudged, fileName,
                $"This positive control was not judged: {ladder.Kit.Name} gives no control profile; give --controls LIST.tab with --positive-control NAME."));
        }

        var check = role switch
        {
            SampleRole.NegativeControl => Negative(calls.Value),
            SampleRole.PositiveControl when expected is { } e => Positive(calls.Value, e.Name, e.Genotype),
            _ => null,
        };
        if (check is { Passed: false })
        {
            issues.Add(Issue.Error(StrIssues.ControlFailed, fileName, $"The {check.Control} did not give its expected result: {string.Join("; ", check.Differences)}."));
        }

        ImmutableArray<string> flags = Genotyping.IsMixture(calls.Value) ? [StrFlags.Mixture] : [];
        return ReadResult.Of(new SampleAnalysis(fileName, file.SampleName, file.Well, role, sized, calls.Value, flags, check), issues);
    }

    // How the ladder's run differs from the sample's (another run date, or another run name where both files name theirs), or null.
    private static string? OtherRun(LadderRun ladder, AbifFile sample)
    {
        if (ladder.RunStarted is { } l && sample.RunStarted is { } s && l.Date != s.Date)
        {
            return string.Create(CultureInfo.InvariantCulture, $"ran on {l:yyyy-MM-dd HH:mm}, this sample on {s:yyyy-MM-dd HH:mm}");
        }

        return ladder.RunName is { } a && RunName(sample) is { } b && !string.Equals(a, b, StringComparison.Ordinal) ? $"ran in '{a}', this sample in '{b}'" : null;
    }

    private static string? RunName(AbifFile file) => file.Tag("RunN", 1)?.AsText()?.Trim() is { Length: > 0 } name ? name : null;

    /// <summary>A negative control passes when no locus calls an allele.</summary>
    public static ControlCheck Negative(IEnumerable<LocusCall> calls) =>
        new("negative control", !calls.Any(c => c.Alleles.Length > 0),
            [.. calls.Where(c => c.Alleles.Length > 0).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Locus}: expected nothing, found {string.Join(", ", c.Alleles.Select(a => $"{a.Name} ({a.Peak.Peak.Height:0} RFU)"))}"))]);

    /// <summary>A positive control passes when every locus its profile lists calls exactly those alleles.</summary>
    public static ControlCheck Positive(IEnumerable<LocusCall> calls, string name, IReadOnlyDictionary<string, ImmutableArray<string>> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var differences = calls
            .Where(c => expected.ContainsKey(c.Locus))
            .Where(c => !c.Genotype.Order(StringComparer.Ordinal).SequenceEqual(expected[c.Locus].Distinct().Order(StringComparer.Ordinal)))
            .Select(c => $"{c.Locus}: expected {string.Join(", ", expected[c.Locus])}, found {(c.Genotype.IsEmpty ? "nothing" : string.Join(", ", c.Genotype))}")
            .ToImmutableArray();
        return new ControlCheck($"positive control {name}", differences.IsEmpty, differences);
    }
}

/// <summary>
/// Control DNA profiles as labs keep them: the OSIRIS StandardPositiveControlList.tab layout (research/str.md §2.1) — a header
/// "Locus" then one column per control (9947A, 2800M …), one row per locus, alleles comma-separated and optionally quoted.
/// </summary>
public static class ControlProfiles
{
    /// <summary>The file is not such a table (error).</summary>
    public const string Malformed = "KIT003";

    /// <summary>Control name → locus → alleles (loci with no value are left out).</summary>
    public static ReadResult<ImmutableDictionary<string, ImmutableDictionary<string, ImmutableArray<string>>>> Read(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var header = lines.FirstOrDefault()?.Split('\t');
        if (header is null || header.Length < 2 || !string.Equals(header[0], "Locus", StringComparison.OrdinalIgnoreCase))
        {
            return ReadResult.Failed<ImmutableDictionary<string, ImmutableDictionary<string, ImmutableArray<string>>>>(
                [Issue.Error(Malformed, $"{fileName} line 1", $"Expected a tab-separated header 'Locus<TAB>control…'; found '{lines.FirstOrDefault() ?? "nothing"}'.")]);
        }

        var profiles = header.Skip(1).Select(h => h.Trim()).Where(h => h.Length > 0).ToDictionary(h => h, _ => ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(), StringComparer.Ordinal);
        foreach (var fields in lines.Skip(1).Select(l => l.Split('\t')))
        {
            for (var column = 1; column < Math.Min(fields.Length, header.Length); column++)
            {
                var value = fields[column].Trim().Trim('"');
                if (value.Length > 0 && profiles.TryGetValue(header[column].Trim(), out var profile))
                {
                    profile[fields[0].Trim()] = [.. value.Split(',').Select(a => Amelogenin.AlleleName(fields[0].Trim(), a.Trim()))];
                }
            }
        }

        return ReadResult.Of(profiles.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable(), StringComparer.Ordinal));
    }
}
