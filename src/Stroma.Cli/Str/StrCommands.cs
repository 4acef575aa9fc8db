using System.CommandLine;
using Stroma.Application.Str;
using Stroma.Core.Diagnostics;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;

namespace Stroma.Cli.Str;

/// <summary><c>stroma str peaks|analyze|chimerism|plot</c>: capillary-electrophoresis files from raw traces to alleles and chimerism.</summary>
public static partial class StrCommands
{

    /// <summary>The <c>str</c> command and its subcommands.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        new("str", "Capillary-electrophoresis (STR) files: peaks, alleles, chimerism.") { Peaks(stdout, stderr), Analyze(stdout, stderr), ChimerismCommand(stdout, stderr), Plot(stdout, stderr) };

    private static Option<string?> StandardOption() => new("--size-standard")
    {
        Description = "Size standard: " + string.Join(", ", SizeStandard.All.Select(s => s.Id)) + " (default: the one the file's StdF tag names).",
    };

    private static Option<double> MinStandardHeightOption() => new("--min-standard-height")
    {
        Description = "Three quarters of the size-standard fragments must reach this height (RFU), else the lane is refused (SIZE004).",
        DefaultValueFactory = _ => SizeStandardMatcher.DefaultMinStandardHeight,
    };

    private static Option<bool> JsonOption() => new("--json") { Description = "Write one JSON object (camelCase) to standard output." };

    private static Option<string> KitOption() => new("--kit")
    {
        Description = $"A kit file (OSIRIS *_LadderInfo.xml, or a GeneMapper Panels export with --bins), {Core.Simulation.SyntheticKit.Name}, or a kit name found in STROMA_KITS.",
        Required = true,
    };

    private static Option<FileInfo?> BinsOption() => new("--bins") { Description = "The GeneMapper Bins export that goes with a Panels file." };

    /// <summary><c>stroma str peaks FILE... [--size-standard NAME] [--standard-channel N] [--min-height RFU] [--json]</c>.</summary>
    private static Command Peaks(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "ABIF files (.fsa, or .hid from a 3500).", Arity = ArgumentArity.OneOrMore };
        var standard = StandardOption();
        var channel = new Option<int?>("--standard-channel") { Description = "Dye channel of the size standard (default: the kit's, else the one the file marks: DyeB, its dye names or its dye set)." };
        var kit = new Option<string?>("--kit") { Description = "Optional: a kit whose size standard and standard channel to use (as for analyze)." };
        var bins = BinsOption();
        var minHeight = new Option<double>("--min-height") { Description = "Analytical threshold in RFU.", DefaultValueFactory = _ => 50 };
        var minStandard = MinStandardHeightOption();
        var json = JsonOption();
        var command = new Command("peaks", "Fragment analysis without a kit: match the size standard and size every peak of every dye (Local Southern).")
        {
            files, standard, channel, kit, bins, minHeight, minStandard, json,
        };
        command.SetAction(async (parsed, ct) =>
        {
            var inputs = parsed.GetValue(files)!;
            if (!inputs.All(f => CliIssues.Exists(f, stderr)))
            {
                return ExitCodes.InvalidInput;
            }

            Kit? chosenKit = null;
            if (parsed.GetValue(kit) is { } kitName)
            {
                var resolved = KitResolver.Resolve(kitName, parsed.GetValue(bins));
                CliIssues.Write(stderr, resolved.Issues);
                if (resolved.Value is null)
                {
                    return ExitCodes.InvalidInput;
                }

                chosenKit = resolved.Value;
            }

            var samples = new List<SizedSampleView>();
            var failed = false;
            for (var i = 0; i < inputs.Length; i++)
            {
                Progress(stderr, i, inputs.Length, inputs[i].Name);
                var read = AbifReader.Read(await File.ReadAllBytesAsync(inputs[i].FullName, ct), inputs[i].Name);
                CliIssues.Write(stderr, read.Issues.Where(x => x.Severity != Severity.Information));
                var chosen = read.Value is { } abif ? StrAnalysis.Standard(abif, inputs[i].Name, parsed.GetValue(standard), chosenKit) : null;
                CliIssues.Write(stderr, chosen?.Issues ?? []);
                var where = chosen?.Value is { } s && read.Value is { } file
                    ? parsed.GetValue(channel) is { } given ? ReadResult.Of(given) : chosenKit is { } k ? ReadResult.Of(k.StandardFileChannel) : LaneSizing.StandardChannel(file, s, inputs[i].Name)
                    : null;
                if (read.HasErrors || read.Value is null || chosen?.Value is null || where is null || where.HasErrors)
                {
                    CliIssues.Write(stderr, where?.Issues ?? []);
                    failed = true;
                    continue;
                }

                var standardChannel = where.Value;

                var lane = LaneSizing.Size(read.Value, inputs[i].Name, chosen.Value, standardChannel, new PeakDetectionSettings(MinHeight: parsed.GetValue(minHeight)), minStandardHeight: parsed.GetValue(minStandard));
                CliIssues.Write(stderr, lane.Issues);
                if (lane.Value is not { } sized)
                {
                    failed = true;
                    continue;
                }

                samples.Add(new SizedSampleView(
                    inputs[i].Name, read.Value.SampleName, read.Value.Well, standardChannel, Sizing(sized),
                    [.. sized.Peaks.OrderBy(p => p.Channel).ThenBy(p => p.Peak.Apex).Select(p => Peak(read.Value, p))]));
                if (!parsed.GetValue(json))
                {
                    stdout.WriteLine(Invariant($"{inputs[i].Name}: sample {read.Value.SampleName}, well {read.Value.Well}; {chosen.Value.Id} in channel {standardChannel}: {sized.Standard.Matched.Length}/{chosen.Value.Fragments.Length} fragments, quality {sized.Standard.Quality:0.000}"));
                    stdout.WriteLine("  dye        size (bp)   height     area     scan  flags");
                    foreach (var peak in sized.Peaks.OrderBy(p => p.Channel).ThenBy(p => p.Peak.Apex))
                    {
                        stdout.WriteLine(Invariant($"  {Dye(read.Value, peak.Channel),-8} {peak.Size.Bp,10:0.00} {peak.Peak.Height,8:0} {peak.Peak.Area,8:0} {peak.Peak.Apex,8:0.0}  {string.Join(",", PeakFlags(peak))}"));
                    }
                }
            }

            if (parsed.GetValue(json))
            {
                CliIssues.WriteJson(stdout, new SizedSamplesView(samples));
            }

            return failed ? ExitCodes.InvalidInput : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>stroma str analyze FILE... --kit KIT [--ladder FILE] [--controls TAB --positive-control NAME] [--patient ID] [--json]</c>.</summary>
    private static Command Analyze(TextWriter stdout, TextWriter stderr)
    {
        var files = new Argument<string[]>("FILE") { Description = "The run's ABIF files; a file named as a ladder (ladder, -AL) is the ladder unless --ladder is given.", Arity = ArgumentArity.OneOrMore };
        var kit = KitOption();
        var bins = BinsOption();
        var ladder = new Option<string?>("--ladder") { Description = "The allelic ladder injected in the same run." };
        var standard = StandardOption();
        var controls = new Option<FileInfo?>("--controls") { Description = "Control profiles (OSIRIS StandardPositiveControlList.tab layout)." };
        var positive = new Option<string?>("--positive-control") { Description = "Which profile of --controls the positive control must match (9947A, 2800M, …); default: the kit's control alleles." };
        var threshold = new Option<double>("--call-threshold") { Description = "Peaks under this height (RFU) are not called.", DefaultValueFactory = _ => 150 };
        var keep = new KeepOptions(role: true);
        var minStandard = MinStandardHeightOption();
        var json = JsonOption();
        var command = new Command("analyze", "Size every file, calibrate the bins on the ladder, call alleles per locus with artefact flags, and judge the controls.")
        {
            files, kit, bins, ladder, standard, minStandard, controls, positive, threshold, json,
        };
        keep.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var issues = new List<Issue>();
            if (await keep.OpenAsync(parsed, stderr, ct) is not { } store)
            {
                return ExitCodes.InvalidInput;
            }

            var inputs = await ReadInputsAsync([.. parsed.GetValue(files)!, .. OptionalValue(parsed.GetValue(ladder))], store, stderr, ct);
            if (inputs is null)
            {
                return ExitCodes.InvalidInput;
            }

            var context = Prepare(inputs, parsed.GetValue(ladder) is { } l ? inputs[^1] : null, parsed.GetValue(kit)!, parsed.GetValue(bins), parsed.GetValue(standard),
                StrSettings.Default with { Calls = new CallSettings(CallThreshold: parsed.GetValue(threshold)), MinStandardHeight = parsed.GetValue(minStandard) }, issues);
            if (context is null)
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            var expected = Expected(context.Ladder.Kit, parsed.GetValue(controls), parsed.GetValue(positive), issues);
            if (issues.Any(i => i.Severity == Severity.Error))
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            var analyses = new List<(Input Input, SampleAnalysis Analysis)>();
            for (var i = 0; i < context.Samples.Count; i++)
            {
                var (input, abif) = context.Samples[i];
                Progress(stderr, i, context.Samples.Count, input.Name);
                var role = StrAnalysis.RoleFromName(input.Name, abif.SampleName);
                var result = StrAnalysis.Sample(abif, input.Name, context.Ladder, parsed.GetValue(standard), context.Settings, role, expected);
                issues.AddRange(result.Issues);
                if (result.Value is { } analysis)
                {
                    analyses.Add((input, analysis));
                }
            }

            var ladderCheck = StrAnalysis.Check(context.Ladder);
            CliIssues.Write(stderr, issues);
            var failed = issues.Any(i => i.Severity == Severity.Error) || analyses.Count < context.Samples.Count;
            if (!failed && store.Store is { } kept)
            {
                // A control's role comes from its name; --role names the samples'. Kept through the same use case as the web upload.
                var given = keep.Given(parsed);
                var request = new StrRunRequest(context.Ladder.Kit, context.LadderInput.Content, context.LadderInput.Name,
                    [.. analyses.Select(a => new StrRunSample(a.Input.Content, a.Analysis.Role, a.Analysis.Role == SampleRole.Sample ? given : given with { Role = RoleName(a.Analysis.Role) },
                        new SampleDetails("sample", "unspecified", null), null, false, a.Input.Name))],
                    RunSettings(parsed.GetValue(kit)!, parsed.GetValue(bins), context, parsed.GetValue(standard), StrRuns.Settings, PeakSignal.Height)) { Expected = expected };
                if (!await KeepAsync(kept, keep.Patient(parsed)!.Value, request, stderr, ct))
                {
                    return ExitCodes.InvalidInput;
                }
            }

            if (parsed.GetValue(json))
            {
                CliIssues.WriteJson(stdout, new StrAnalysisView(
                    context.Ladder.Kit.Name,
                    new LadderView(context.Ladder.File, Sizing(context.Ladder.Lane), context.Ladder.Found, context.Ladder.Expected, Check(ladderCheck)),
                    [.. analyses.Select(a => Sample(a.Analysis))]));
            }
            else
            {
                stdout.WriteLine(Invariant($"ladder {context.Ladder.File}: {context.Ladder.Found}/{context.Ladder.Expected} alleles, {(ladderCheck.Passed ? "passed" : "FAILED: " + string.Join("; ", ladderCheck.Differences))}"));
                foreach (var (_, a) in analyses)
                {
                    stdout.WriteLine(Invariant($"{a.File} ({a.SampleName}, {RoleName(a.Role)}): sizing quality {a.Lane.Standard.Quality:0.000}{(a.Flags.IsEmpty ? string.Empty : "; " + string.Join(", ", a.Flags))}{(a.Check is { } c ? $"; {c.Control} {(c.Passed ? "passed" : "FAILED")}" : a.Role == SampleRole.PositiveControl ? "; positive control NOT JUDGED (no expected profile)" : string.Empty)}"));
                    foreach (var locus in a.Loci)
                    {
                        stdout.WriteLine(Invariant($"  {locus.Locus,-10} {string.Join(", ", locus.Genotype),-14} {string.Join(" ", locus.Alleles.Select(x => $"{x.Name}:{x.Peak.Size.Bp:0.00}bp/{x.Peak.Peak.Height:0}"))}  {string.Join(",", locus.Flags.Concat(locus.Alleles.SelectMany(x => x.Flags)).Distinct())}"));
                    }
                }
            }

            return failed ? ExitCodes.InvalidInput : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>stroma str chimerism --recipient R --donor [ROLE=]D [--donor …] --sample S --kit KIT --ladder L [--patient ID] [--json]</c>.</summary>
    private static Command ChimerismCommand(TextWriter stdout, TextWriter stderr)
    {
        var recipient = new Option<string>("--recipient") { Description = "The recipient's reference: a raw file, or a stored STR sample id (with --patient).", Required = true };
        var donors = new Option<string[]>("--donor") { Description = "A donor's reference, optionally ROLE=FILE_OR_ID (kidney-donor=…, msc-donor=…); repeat for each donor.", Required = true };
        var sample = new Option<string>("--sample") { Description = "The post-treatment sample: a raw file or a stored STR sample id.", Required = true };
        var kit = KitOption();
        var bins = BinsOption();
        var ladder = new Option<string>("--ladder") { Description = "The allelic ladder injected in the same run (a raw file or a stored sample id).", Required = true };
        var standard = StandardOption();
        var signal = new Option<PeakSignal>("--signal") { Description = "Quantify peaks by height or area.", DefaultValueFactory = _ => PeakSignal.Height };
        var stutter = new Option<StutterHandling>("--stutter") { Description = "Alleles in another contributor's stutter position: exclude them or correct for the stutter.", DefaultValueFactory = _ => StutterHandling.Exclude };
        var stutterRatio = new Option<double>("--stutter-ratio") { Description = "Back-stutter ratio for --stutter correct.", DefaultValueFactory = _ => 0.1 };
        var lod = new Option<double>("--lod") { Description = "The validated limit of detection in percent: below it a contributor reads 'not detected (< LOD)'.", DefaultValueFactory = _ => 1.0 };
        var keep = new KeepOptions(role: false);
        var minStandard = MinStandardHeightOption();
        var json = JsonOption();
        var command = new Command("chimerism", "Each contributor's share of a post-treatment sample (recipient, kidney donor, MSC donor) from the run's raw files.")
        {
            recipient, donors, sample, kit, bins, ladder, standard, minStandard, signal, stutter, stutterRatio, lod, json,
        };
        keep.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            var issues = new List<Issue>();
            var roles = new List<(string Role, string Value)> { ("recipient", parsed.GetValue(recipient)!) };
            var given = parsed.GetValue(donors)!;
            for (var i = 0; i < given.Length; i++)
            {
                var parts = given[i].Split('=', 2);
                roles.Add(parts.Length == 2 ? (parts[0], parts[1]) : (given.Length == 1 ? "donor" : Invariant($"donor-{i + 1}"), given[i]));
            }

            if (roles.GroupBy(r => r.Role).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            {
                stderr.WriteLine($"--donor: CLI004 error: Expected each contributor role once; '{duplicate.Key}' was given {duplicate.Count()} times.");
                return ExitCodes.Usage;
            }

            if (await keep.OpenAsync(parsed, stderr, ct) is not { } store)
            {
                return ExitCodes.InvalidInput;
            }

            // Inputs in this order: the references, the sample, the ladder.
            var inputs = await ReadInputsAsync([.. roles.Select(r => r.Value), parsed.GetValue(sample)!, parsed.GetValue(ladder)!], store, stderr, ct);
            if (inputs is null)
            {
                return ExitCodes.InvalidInput;
            }

            var context = Prepare(inputs, inputs[^1], parsed.GetValue(kit)!, parsed.GetValue(bins), parsed.GetValue(standard), StrSettings.Default with { MinStandardHeight = parsed.GetValue(minStandard) }, issues);
            if (context is null)
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            var references = new List<(ChimerismReference Reference, Input Input)>();
            for (var i = 0; i < roles.Count; i++)
            {
                var analysis = StrAnalysis.Sample(context.Read(inputs[i]), inputs[i].Name, context.Ladder, parsed.GetValue(standard), context.Settings, SampleRole.Sample);
                issues.AddRange(analysis.Issues);
                if (analysis.Value is { } a)
                {
                    references.Add((new ChimerismReference(roles[i].Role, a), inputs[i]));
                }
            }

            var sampleInput = inputs[roles.Count];
            var mixed = StrAnalysis.Sample(context.Read(sampleInput), sampleInput.Name, context.Ladder, parsed.GetValue(standard), context.Settings, SampleRole.Sample);
            issues.AddRange(mixed.Issues);
            if (references.Count < roles.Count || mixed.Value is null)
            {
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            var settings = new ChimerismSettings(parsed.GetValue(stutter), parsed.GetValue(stutterRatio), parsed.GetValue(lod));
            var run = StrChimerism.Analyze(context.Ladder, [.. references.Select(r => r.Reference)], mixed.Value.Lane, settings, parsed.GetValue(signal), mixed.Value);
            issues.AddRange(run.Foreign.Select(f => Issue.Warning(StrIssues.ForeignAllele, Invariant($"{sampleInput.Name} {f.Locus}"),
                $"Expected only the references' alleles; allele {f.Allele} ({f.SizeBp:0.0} bp, {f.Height:0} RFU, {f.PercentOfLocus:0.0} % of the locus) belongs to none of {string.Join(", ", references.Select(r => r.Reference.Role))}: contamination, a sample mix-up or a contributor not typed?")));
            if (StrChimerism.Consistency(run, sampleInput.Name) is { } inconsistent)
            {
                issues.Add(inconsistent);
                CliIssues.Write(stderr, issues);
                return ExitCodes.InvalidInput;
            }

            CliIssues.Write(stderr, issues);
            if (store.Store is { } kept)
            {
                // The references' roles are given (--recipient, --donor ROLE=); --material and --sampled-at describe the sample.
                var request = new StrRunRequest(context.Ladder.Kit, context.LadderInput.Content, context.LadderInput.Name,
                    [.. references.Select(r => new StrRunSample(r.Input.Content, SampleRole.Sample, new SampleDetails(r.Reference.Role, null, null),
                        new SampleDetails(r.Reference.Role, "reference", null), r.Reference.Role, false, r.Input.Name)),
                     new StrRunSample(sampleInput.Content, SampleRole.Sample, keep.Given(parsed), new SampleDetails("post-treatment", "unspecified", null), null, true, sampleInput.Name)],
                    RunSettings(parsed.GetValue(kit)!, parsed.GetValue(bins), context, parsed.GetValue(standard), settings, parsed.GetValue(signal)));
                if (!await KeepAsync(kept, keep.Patient(parsed)!.Value, request, stderr, ct))
                {
                    return ExitCodes.InvalidInput;
                }
            }

            if (parsed.GetValue(json))
            {
                CliIssues.WriteJson(stdout, Chimerism(run, sampleInput.Name, context.Ladder, [.. references.Select(r => (r.Reference.Role, r.Input.Name))], settings));
            }
            else
            {
                stdout.WriteLine(Invariant($"{sampleInput.Name}: {run.Loci.Length} loci ({string.Join(", ", run.Skipped.Select(s => $"{s.Locus} left out: {s.Reason}"))}); {run.UnexplainedPercent ?? 0:0.0} % of the allele signal belongs to no reference"));
                foreach (var c in run.Contributors)
                {
                    var lsq = run.LeastSquares.TryGetValue(c.Contributor, out var f) ? Invariant($"; least squares {f * 100:0.0} %") : string.Empty;
                    var plain = c.UncorrectedPercent is { } u ? Invariant($"; uncorrected for allele balance {u:0.0} %") : string.Empty;
                    stdout.WriteLine(Invariant($"  {c.Contributor,-14} {c.Text}; {c.Loci.Length} informative loci{plain}{lsq}"));
                }

                // Per locus: each share, what it reads without the reference balance, the share of the contributor's own signal its
                // unique alleles carry in its reference (0.5 when balanced), and the noise floor taken off every signal there.
                stdout.WriteLine("  locus       contributor         %  uncorrected  reference share  noise  from");
                foreach (var (c, l) in run.Contributors.SelectMany(c => c.Loci.Select(l => (c, l))).OrderBy(x => run.Loci.IndexOf(run.Loci.First(y => y.Name == x.l.Locus))))
                {
                    var from = l.IsByDifference ? "1 - others" : string.Join(",", l.UniqueAlleles);
                    stdout.WriteLine(Invariant($"  {l.Locus,-11} {c.Contributor,-14} {l.Fraction * 100,6:0.0} {(l.UncorrectedFraction is { } uf ? (uf * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-"),12} {(l.ReferenceShare is { } rs ? rs.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "-"),16} {run.Loci.First(y => y.Name == l.Locus).NoiseFloor,6:0}  {from}{(l.IsOutlier ? " (outlier, left out)" : string.Empty)}"));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

}
