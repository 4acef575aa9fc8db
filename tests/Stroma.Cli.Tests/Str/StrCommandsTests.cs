namespace Stroma.Cli.Tests.Str;

public sealed class StrCommandsTests
{
    private static string Shared(string relative) => SharedData.PathOf(relative);

    [Fact]
    public void Peaks_Fsa_Json_GivesTheStandardAndSizedPeaks()
    {
        var run = CliRun.Of("str", "peaks", Shared("str/fraggler/Multi_K1__230907PRT1-4test_A04_Dx.fsa"), "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var sample = run.Json().GetProperty("samples")[0];
        Assert.Equal("GS600LIZv2", sample.GetProperty("sizing").GetProperty("sizeStandard").GetString());
        Assert.Equal(0, sample.GetProperty("sizing").GetProperty("missingFragments").GetArrayLength());
        Assert.Contains(sample.GetProperty("peaks").EnumerateArray(), p => p.GetProperty("dye").GetString() == "6-FAM" && Math.Abs(p.GetProperty("size").GetDouble() - 140.81) < 0.15
            && p.GetProperty("height").GetDouble() > 0 && p.GetProperty("area").GetDouble() > 0 && p.GetProperty("flags").GetArrayLength() == 0);
    }

    // GlobalFiler on a 3500 (J6 dye set: LIZ fifth, then SID, a quality sensor): the standard is sized on LIZ for the ladder and the
    // samples alike; sizing on SID "succeeded" on the ladder with 30/34 fragments and failed the samples.
    [Fact]
    public void Peaks_GlobalFilerHid_SizesEveryFileOnTheLizChannel()
    {
        string Gf(string name) => Shared($"str/osiris/globalfiler_hid/{name}");

        var run = CliRun.Of("str", "peaks", Gf("GF_ladder1_A11_01.hid"), Gf("GF_1_FTA_A01_01.hid"), Gf("GF_2_FTA_B01_02.hid"), "--json");
        var forced = CliRun.Of("str", "peaks", Gf("GF_ladder1_A11_01.hid"), "--standard-channel", "6");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.All(run.Json().GetProperty("samples").EnumerateArray(), s =>
        {
            Assert.Equal(5, s.GetProperty("standardChannel").GetInt32());
            Assert.Equal(34, s.GetProperty("sizing").GetProperty("fragmentsMatched").GetInt32());
        });
        Assert.Equal(3, run.Json().GetProperty("samples").GetArrayLength());
        Assert.Equal(ExitCodes.InvalidInput, forced.ExitCode);
        Assert.Contains(forced.Issues(), i => i.Code == "SIZE008");
    }

    [Fact]
    public void Peaks_WeakStandard_ExitsOneWithSize004()
    {
        var run = CliRun.Of("str", "peaks", Shared("str/osiris/identifiler/artifact_ILS_too_low_A06_OT05897.fsa"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("SIZE004 error:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Peaks_NotAbif_ExitsOneWithAbif001()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "this is not an electropherogram");

        var run = CliRun.Of("str", "peaks", path);

        File.Delete(path);
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("ABIF001 error:", run.Stderr, StringComparison.Ordinal);
    }

    // The 2005 NIST MIX05 Identifiler run (shared osiris/identifiler): the ladder is found by its name, the positive control must
    // type as 9947A from the shared control list, the blank must call nothing.
    [Fact]
    public void Analyze_IdentifilerRun_Json_JudgesLadderAndControls()
    {
        string Id(string name) => Shared($"str/osiris/identifiler/{name}");
        var run = CliRun.Of("str", "analyze", Id("Identifiler_LADDER.fsa"), Id("Positive_Control.fsa"), Id("Negative_Control.fsa"), Id("MIX05case2_victim.fsa"),
            "--kit", Shared("str/kits/osiris/Identifiler_LadderInfo.xml"), "--controls", Shared("str/kits/osiris/StandardPositiveControlList.tab"), "--positive-control", "9947A", "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var json = run.Json();
        Assert.True(json.GetProperty("ladder").GetProperty("check").GetProperty("passed").GetBoolean());
        var samples = json.GetProperty("samples").EnumerateArray().ToDictionary(s => s.GetProperty("file").GetString()!);
        Assert.Equal(3, samples.Count);
        Assert.Equal("positive-control", samples["Positive_Control.fsa"].GetProperty("role").GetString());
        Assert.True(samples["Positive_Control.fsa"].GetProperty("check").GetProperty("passed").GetBoolean());
        Assert.True(samples["Negative_Control.fsa"].GetProperty("check").GetProperty("passed").GetBoolean());
        var th01 = samples["Positive_Control.fsa"].GetProperty("loci").EnumerateArray().Single(l => l.GetProperty("locus").GetString() == "TH01");
        Assert.Equal(["8", "9.3"], th01.GetProperty("alleles").EnumerateArray().Select(a => a.GetProperty("allele").GetString()));
        Assert.All(th01.GetProperty("alleles").EnumerateArray(), a => Assert.True(a.GetProperty("size").GetDouble() > 170 && a.GetProperty("height").GetDouble() > 150));
        var amel = samples["MIX05case2_victim.fsa"].GetProperty("loci").EnumerateArray().Single(l => l.GetProperty("locus").GetString() == "AMEL");
        Assert.Equal(["X"], amel.GetProperty("genotype").EnumerateArray().Select(a => a.GetString())); // amelogenin reads X/Y, never 1/2
        Assert.Contains("[2/3]", run.Stderr, StringComparison.Ordinal);
    }

    // The PowerPlex 16 run's ILS600 is too weak for the default rule (SIZE004); accepting 100 RFU sizes it, and its control is 9947A.
    // The kit file names its ILS, so no --size-standard is needed although the files' StdF names GS500 LIZ (SIZE007, a warning).
    [Fact]
    public void Analyze_PowerPlex16_WeakStandardRefusedUnlessAccepted()
    {
        string Pp(string name) => Shared($"str/osiris/powerplex16/{name}");
        string[] Args(params string[] more) =>
            ["str", "analyze", Pp("PP16_LADDER.fsa"), Pp("positive_control.fsa"), "--kit", Shared("str/kits/osiris/PowerPlex16_LadderInfo.xml"),
             "--controls", Shared("str/kits/osiris/StandardPositiveControlList.tab"), "--positive-control", "9947A", .. more];

        var refused = CliRun.Of(Args());
        var accepted = CliRun.Of(Args("--min-standard-height", "100", "--json"));

        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains(refused.Issues(), i => i.Code == "SIZE004");
        Assert.Equal(ExitCodes.Ok, accepted.ExitCode);
        Assert.True(accepted.Json().GetProperty("samples")[0].GetProperty("check").GetProperty("passed").GetBoolean());
        Assert.Equal("ILS600", accepted.Json().GetProperty("ladder").GetProperty("sizing").GetProperty("sizeStandard").GetString());
        Assert.Contains(accepted.Issues(), i => i.Code == "SIZE007");
    }

    // Without --controls an OSIRIS kit has no control profile: the positive control is said to be not judged (it was silently skipped).
    [Fact]
    public void Analyze_PositiveControlWithoutControls_SaysItIsNotJudged()
    {
        string Id(string name) => Shared($"str/osiris/identifiler/{name}");

        var run = CliRun.Of("str", "analyze", Id("Positive_Control.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Shared("str/kits/osiris/Identifiler_LadderInfo.xml"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(("Positive_Control.fsa", "STR010"), run.Issues());
        Assert.Contains("positive control NOT JUDGED", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_PositiveControlAgainstTheWrongProfile_ExitsOneWithStr008()
    {
        string Id(string name) => Shared($"str/osiris/identifiler/{name}");
        var run = CliRun.Of("str", "analyze", Id("Positive_Control.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"),
            "--kit", Shared("str/kits/osiris/Identifiler_LadderInfo.xml"), "--controls", Shared("str/kits/osiris/StandardPositiveControlList.tab"), "--positive-control", "2800M");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(run.Issues(), i => i.Code == "STR008");
    }

    [Fact]
    public void Analyze_UnknownKit_ExitsOneWithKit004()
    {
        var run = CliRun.Of("str", "analyze", Shared("str/osiris/identifiler/Positive_Control.fsa"), "--ladder", Shared("str/osiris/identifiler/Identifiler_LADDER.fsa"), "--kit", "NoSuchKit");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(("--kit", "KIT004"), run.Issues());
    }

    // A kit meant as a file is named as missing, and a file that is no kit is not taken for a GeneMapper Panels export (it asked
    // for --bins); both at --kit.
    [Fact]
    public void Analyze_KitFileMissingOrNotAKit_SaysWhich()
    {
        var notAKit = Path.Combine(Path.GetTempPath(), $"stroma-not-a-kit-{Guid.NewGuid():N}.md");
        File.WriteAllText(notAKit, "# notes\n");
        try
        {
            CliRun Analyze(string kit) => CliRun.Of("str", "analyze", Shared("str/osiris/identifiler/Positive_Control.fsa"),
                "--ladder", Shared("str/osiris/identifiler/Identifiler_LADDER.fsa"), "--kit", kit);

            var missing = Analyze(Path.Combine(Path.GetTempPath(), "no-such-dir", "Kit_LadderInfo.xml"));
            var wrong = Analyze(notAKit);

            Assert.Equal((ExitCodes.InvalidInput, ExitCodes.InvalidInput), (missing.ExitCode, wrong.ExitCode));
            Assert.Contains(("--kit", "KIT004"), missing.Issues());
            Assert.Contains("Kit_LadderInfo.xml' does not exist", missing.Stderr, StringComparison.Ordinal);
            Assert.Contains(("--kit", "KIT004"), wrong.Issues());
            Assert.Contains("Expected a kit file: an OSIRIS *_LadderInfo.xml, or a GeneMapper Panels export (.txt)", wrong.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("--bins", wrong.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notAKit);
        }
    }

    // Ground truth: simulated runs of the built-in synthetic kit (recipient, kidney donor, MSC donor, and a post-infusion blood
    // sample made 90 / 8 / 2 %); every share must come back within 1 percentage point, by role.
    [Fact]
    public void Chimerism_SimulatedThreeGenomes_Json_RecoversEveryShare()
    {
        using var run = SimulatedRun.Create((0.90, 0.08, 0.02));

        var result = CliRun.Of("str", "chimerism", "--recipient", run.Recipient, "--donor", $"kidney-donor={run.KidneyDonor}", "--donor", $"msc-donor={run.MscDonor}",
            "--sample", run.Sample, "--ladder", run.Ladder, "--kit", Core.Simulation.SyntheticKit.Name, "--stutter", "correct", "--stutter-ratio", "0.08", "--lod", "0.5", "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var contributors = result.Json().GetProperty("contributors").EnumerateArray().ToDictionary(c => c.GetProperty("role").GetString()!);
        Assert.Equal(90, contributors["recipient"].GetProperty("percent").GetDouble(), 1.0);
        Assert.Equal(8, contributors["kidney-donor"].GetProperty("percent").GetDouble(), 1.0);
        Assert.Equal(2, contributors["msc-donor"].GetProperty("percent").GetDouble(), 1.0);
        Assert.True(contributors["msc-donor"].GetProperty("detected").GetBoolean());
        Assert.True(contributors["msc-donor"].GetProperty("informativeLoci").GetInt32() >= 5);
        Assert.Equal(2, contributors["msc-donor"].GetProperty("uncorrectedPercent").GetDouble(), 1.0);
        Assert.Equal("reference allele balance", result.Json().GetProperty("correction").GetString());
        var perLocus = result.Json().GetProperty("loci").EnumerateArray().SelectMany(l => l.GetProperty("contributors").EnumerateArray()).ToList();
        Assert.All(perLocus, c => Assert.True(c.TryGetProperty("uncorrectedPercent", out _) && c.TryGetProperty("referenceShare", out _)));
        Assert.Contains(perLocus, c => c.GetProperty("referenceShare").ValueKind == System.Text.Json.JsonValueKind.Number);
        Assert.Equal(0.25, result.Json().GetProperty("noiseFloorQuantile").GetDouble());
        Assert.All(result.Json().GetProperty("loci").EnumerateArray(), l => Assert.True(l.GetProperty("noiseFloor").GetDouble() >= 0));
    }

    // The same kind of run with the kidney donor's reference left out: its alleles in the sample belong to no reference and are
    // named, each with its locus and share (STR009); they carry 26 % of the sample's allele signal, so every share read from the
    // other references would be too high: the sample is refused (STR013, exit 1, no result printed). With every reference, none is.
    [Fact]
    public void Chimerism_UntypedContributor_NamesItsForeignAllelesAndIsRefused()
    {
        using var run = SimulatedRun.Create((0.70, 0.28, 0.02));

        var missing = CliRun.Of("str", "chimerism", "--recipient", run.Recipient, "--donor", $"msc-donor={run.MscDonor}",
            "--sample", run.Sample, "--ladder", run.Ladder, "--kit", Core.Simulation.SyntheticKit.Name, "--json");
        var complete = CliRun.Of("str", "chimerism", "--recipient", run.Recipient, "--donor", $"kidney-donor={run.KidneyDonor}", "--donor", $"msc-donor={run.MscDonor}",
            "--sample", run.Sample, "--ladder", run.Ladder, "--kit", Core.Simulation.SyntheticKit.Name, "--json");

        Assert.Equal(ExitCodes.InvalidInput, missing.ExitCode);
        Assert.True(missing.Issues().Count(i => i.Code == "STR009") >= 3, missing.Stderr);
        Assert.Contains(("day30-blood.fsa", "STR013"), missing.Issues());
        Assert.Contains("belongs to none of recipient, msc-donor: contamination, a sample mix-up or a contributor not typed?", missing.Stderr, StringComparison.Ordinal);
        Assert.Empty(missing.Stdout);
        Assert.Equal(ExitCodes.Ok, complete.ExitCode);
        Assert.Equal(0, complete.Json().GetProperty("foreignAlleles").GetArrayLength());
        Assert.True(complete.Json().GetProperty("unexplainedPercent").GetDouble() < 1);
        Assert.DoesNotContain(complete.Issues(), i => i.Code is "STR009" or "STR013");
    }

    // A sample of someone else (NIST MIX05 person K) read against unrelated references (person A as recipient, 9947A as donor): the
    // old estimate printed ~50 % each with SD 48 and exit 0; 68 % of its allele signal is at alleles of neither, so it is refused.
    [Fact]
    public void Chimerism_SampleOfAnotherPerson_IsRefusedAsInconsistentWithItsReferences()
    {
        string Id(string name) => Shared($"str/osiris/identifiler/{name}");

        var run = CliRun.Of("str", "chimerism", "--recipient", Id("MIX05case2_victim.fsa"), "--donor", Id("Positive_Control.fsa"), "--sample", Id("MIX05case3_victim.fsa"),
            "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Shared("str/kits/osiris/Identifiler_LadderInfo.xml"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(("MIX05case3_victim.fsa", "STR013"), run.Issues());
        Assert.Empty(run.Stdout);
    }

    // The same file given as recipient and donor: no locus tells them apart, so no share can be read (it printed "least squares
    // 100.0 %" for the donor with exit 0). Refused as STR026 naming both, nothing on standard output.
    [Fact]
    public void Chimerism_SameReferenceTwice_IsRefusedAsIndistinguishable()
    {
        string Id(string name) => Shared($"str/osiris/identifiler/{name}");

        var run = CliRun.Of("str", "chimerism", "--recipient", Id("MIX05case2_victim.fsa"), "--donor", $"msc-donor={Id("MIX05case2_victim.fsa")}",
            "--sample", Id("MIX05case3_victim.fsa"), "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Shared("str/kits/osiris/Identifiler_LadderInfo.xml"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains(("MIX05case3_victim.fsa", "STR026"), run.Issues());
        Assert.Contains("recipient and msc-donor have the same genotype", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    // The recipient's own reference typed as the sample reads 100 % recipient and no donor, never above 100 % (the old estimate
    // read the donor "1.9 %", from the recipient's −A shoulder on the donor's TH01 9.3).
    [Fact]
    public void Chimerism_RecipientsOwnReferenceAsTheSample_ReadsOneHundredPercent()
    {
        string Id(string name) => Shared($"str/osiris/identifiler/{name}");

        var run = CliRun.Of("str", "chimerism", "--recipient", Id("MIX05case2_victim.fsa"), "--donor", Id("Positive_Control.fsa"), "--sample", Id("MIX05case2_victim.fsa"),
            "--ladder", Id("Identifiler_LADDER.fsa"), "--kit", Shared("str/kits/osiris/Identifiler_LadderInfo.xml"), "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var contributors = run.Json().GetProperty("contributors").EnumerateArray().ToDictionary(c => c.GetProperty("role").GetString()!);
        Assert.Equal(100, contributors["recipient"].GetProperty("percent").GetDouble(), 1e-9);
        Assert.False(contributors["donor"].GetProperty("detected").GetBoolean());
        Assert.All(run.Json().GetProperty("loci").EnumerateArray().SelectMany(l => l.GetProperty("contributors").EnumerateArray()),
            c => Assert.InRange(c.GetProperty("percent").GetDouble(), 0, 100));
    }

    [Fact]
    public void Chimerism_NoMscDonorDna_ReadsNotDetectedNeverZero()
    {
        using var run = SimulatedRun.Create((0.95, 0.05, 0));

        var result = CliRun.Of("str", "chimerism", "--recipient", run.Recipient, "--donor", $"kidney-donor={run.KidneyDonor}", "--donor", $"msc-donor={run.MscDonor}",
            "--sample", run.Sample, "--ladder", run.Ladder, "--kit", Core.Simulation.SyntheticKit.Name);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Matches(@"msc-donor\s+not detected \(< 1 %\)", result.Stdout);
        Assert.Contains("locus       contributor         %  uncorrected  reference share  noise  from", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"recipient\s+.*; uncorrected for allele balance \d+\.\d %", result.Stdout);
    }

    // Kept against the demo patient: raw files, references, the sample and each contributor's result; a second run naming the stored
    // samples by id instead of files reads their kept raw bytes and adds nothing new.
    [Fact]
    public async Task Chimerism_WithPatient_KeepsEverythingAndAcceptsStoredSampleIds()
    {
        using var run = SimulatedRun.Create((0.97, 0, 0.03));
        var folder = Directory.CreateTempSubdirectory("stroma-keep-").FullName;
        try
        {
            Assert.Equal(ExitCodes.Ok, CliRun.Of("demo", "--dir", folder).ExitCode);
            var db = Path.Combine(folder, "stroma.db");
            string[] Args(string recipient, string kidney, string msc, string sample) =>
                ["str", "chimerism", "--recipient", recipient, "--donor", $"kidney-donor={kidney}", "--donor", $"msc-donor={msc}", "--sample", sample, "--ladder", run.Ladder,
                 "--kit", Core.Simulation.SyntheticKit.Name, "--patient", "DEMO-001", "--db", db, "--sampled-at", "2025-06-01T09:00:00+02:00", "--material", "peripheral blood"];

            var first = CliRun.Of(Args(run.Recipient, run.KidneyDonor, run.MscDonor, run.Sample));

            Assert.Equal(ExitCodes.Ok, first.ExitCode);
            Assert.Contains("Kept against DEMO-001", first.Stderr, StringComparison.Ordinal);
            var store = await Storage.StromaStore.OpenAsync(Storage.StoreLocation.Sqlite(db), "test");
            var samples = await store.LoadStrSamplesAsync("DEMO-001");
            var kept = samples.Single(s => s.FileName == "day30-blood.fsa");
            Assert.Equal(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.FromHours(2)), kept.SampledAt);
            Assert.Equal("peripheral blood", kept.Material);
            var msc = (await store.LoadChimerismAsync("DEMO-001")).Single(c => c.SampleId == kept.Id && c.Contributor == "msc-donor");
            Assert.True(msc.Detected);
            Assert.Equal(3, msc.Percent!.Value, 1.0);
            string Id(string file) => samples.Single(s => s.FileName == file).Id;

            var second = CliRun.Of(Args(Id("recipient.fsa"), Id("kidney-donor.fsa"), Id("msc-donor.fsa"), kept.Id));

            Assert.Equal(ExitCodes.Ok, second.ExitCode);
            Assert.Contains("0 new results", second.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // A kept sample's role, material and time are facts of the tube: analysing its file again with another --sampled-at (or --role,
    // --material) was silently ignored; it is refused, naming the kept sample, and the kept record stays as it was. Left out, the
    // kept details are used; given as another contributor's reference, the file is refused too.
    [Fact]
    public async Task Analyze_KeptFileWithOtherDetails_IsRefusedAndTheRecordStays()
    {
        using var run = SimulatedRun.Create((0.97, 0, 0.03));
        var folder = Directory.CreateTempSubdirectory("stroma-keep-").FullName;
        try
        {
            Assert.Equal(ExitCodes.Ok, CliRun.Of("demo", "--dir", folder).ExitCode);
            var db = Path.Combine(folder, "stroma.db");
            string[] Analyze(params string[] more) =>
                ["str", "analyze", run.Recipient, "--ladder", run.Ladder, "--kit", Core.Simulation.SyntheticKit.Name, "--patient", "DEMO-001", "--db", db, .. more];

            var first = CliRun.Of(Analyze("--role", "recipient", "--material", "buccal swab", "--sampled-at", "2024-01-10T08:00:00+01:00"));
            var otherTime = CliRun.Of(Analyze("--sampled-at", "2025-06-01T09:00:00+02:00"));
            var otherRole = CliRun.Of(Analyze("--role", "msc-donor"));
            var leftOut = CliRun.Of(Analyze());
            var asDonor = CliRun.Of("str", "chimerism", "--recipient", run.KidneyDonor, "--donor", $"kidney-donor={run.Recipient}", "--sample", run.Sample, "--ladder", run.Ladder,
                "--kit", Core.Simulation.SyntheticKit.Name, "--patient", "DEMO-001", "--db", db);

            Assert.Equal(ExitCodes.Ok, first.ExitCode);
            Assert.Equal(ExitCodes.InvalidInput, otherTime.ExitCode);
            Assert.Contains(("recipient.fsa", "STR012"), otherTime.Issues());
            Assert.Equal(ExitCodes.InvalidInput, otherRole.ExitCode);
            Assert.Contains(("recipient.fsa", "STR012"), otherRole.Issues());
            Assert.Equal(ExitCodes.Ok, leftOut.ExitCode);
            Assert.Equal(ExitCodes.InvalidInput, asDonor.ExitCode);
            Assert.Contains(("recipient.fsa", "STR012"), asDonor.Issues());
            var store = await Storage.StromaStore.OpenAsync(Storage.StoreLocation.Sqlite(db), "test");
            var kept = Assert.Single(await store.LoadStrSamplesAsync("DEMO-001"), s => s.FileName == "recipient.fsa");
            Assert.Equal(("recipient", "buccal swab", new DateTimeOffset(2024, 1, 10, 8, 0, 0, TimeSpan.FromHours(1))), (kept.Role, kept.Material, kept.SampledAt));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The command line kept its runs with its own store calls; it keeps them through the web upload's use case, with the settings
    // it analysed with (here a call threshold of 120 RFU and area signal) recorded with every sample.
    [Fact]
    public async Task Chimerism_WithPatient_KeepsTheSettingsItAnalysedWith()
    {
        using var run = SimulatedRun.Create((0.97, 0, 0.03));
        var folder = Directory.CreateTempSubdirectory("stroma-keep-").FullName;
        try
        {
            Assert.Equal(ExitCodes.Ok, CliRun.Of("demo", "--dir", folder).ExitCode);
            var db = Path.Combine(folder, "stroma.db");

            var kept = CliRun.Of("str", "chimerism", "--recipient", run.Recipient, "--donor", $"kidney-donor={run.KidneyDonor}", "--donor", $"msc-donor={run.MscDonor}", "--sample", run.Sample, "--ladder", run.Ladder,
                "--kit", Core.Simulation.SyntheticKit.Name, "--signal", "area", "--lod", "2", "--patient", "DEMO-001", "--db", db,
                "--sampled-at", "2025-06-01T09:00:00+02:00", "--material", "peripheral blood");
            var analysed = CliRun.Of("str", "analyze", run.MscDonor, "--ladder", run.Ladder, "--kit", Core.Simulation.SyntheticKit.Name, "--call-threshold", "120",
                "--role", "msc-donor", "--patient", "DEMO-001", "--db", db);

            Assert.Equal(ExitCodes.Ok, kept.ExitCode);
            Assert.Equal(ExitCodes.Ok, analysed.ExitCode);
            var store = await Storage.StromaStore.OpenAsync(Storage.StoreLocation.Sqlite(db), "test");
            var samples = await store.LoadStrSamplesAsync("DEMO-001");
            var sample = samples.Single(s => s.FileName == "day30-blood.fsa");
            Assert.Equal((Core.Str.PeakSignal.Area, 2.0, "Stroma-Synthetic-10"), (sample.Settings!.Signal, sample.Settings.Chimerism.LimitOfDetectionPercent, sample.Settings.Kit));
            // Analysed again with another call threshold, the same file is another analysis: a sample of its own, with its settings.
            Assert.Equal([120.0, 150.0], samples.Where(s => s.FileName == "msc-donor.fsa").Select(s => s.Settings!.Analysis.Calls.CallThreshold).Order());
            Assert.Contains("area, stutter exclude (ratio 0.1), LOD 2 %", (await store.LoadChimerismAsync("DEMO-001")).First(c => c.SampleId == sample.Id).Method, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Chimerism_UnknownPatient_ExitsOneWithCli005()
    {
        using var run = SimulatedRun.Create((0.97, 0, 0.03));
        var db = Path.Combine(Path.GetTempPath(), $"stroma-{Guid.NewGuid():N}.db");
        await Storage.StromaStore.OpenAsync(Storage.StoreLocation.Sqlite(db), "test");

        var result = CliRun.Of("str", "chimerism", "--recipient", run.Recipient, "--donor", run.MscDonor, "--sample", run.Sample, "--ladder", run.Ladder,
            "--kit", Core.Simulation.SyntheticKit.Name, "--patient", "NO-SUCH", "--db", db);

        File.Delete(db);
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(("--patient", "CLI005"), result.Issues());
    }

    /// <summary>Simulated ABIF files of one run in a temporary folder.</summary>
    private sealed class SimulatedRun : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("stroma-str-").FullName;

        public string Ladder => Path.Combine(_folder, "ladder.fsa");

        public string Recipient => Path.Combine(_folder, "recipient.fsa");

        public string KidneyDonor => Path.Combine(_folder, "kidney-donor.fsa");

        public string MscDonor => Path.Combine(_folder, "msc-donor.fsa");

        public string Sample => Path.Combine(_folder, "day30-blood.fsa");

        public static SimulatedRun Create((double Recipient, double Kidney, double Msc) shares)
        {
            var run = new SimulatedRun();
            var kit = Core.Simulation.SyntheticKit.Kit;
            var standard = Core.Electrophoresis.SizeStandard.Gs500Liz;
            var settings = new Core.Simulation.SimulationSettings();
            var (r, k, m) = (Genotype(kit, 0), Genotype(kit, 3), Genotype(kit, 6));
            void Write(string path, Core.Electrophoresis.AbifFile file) => File.WriteAllBytes(path, Core.Electrophoresis.AbifWriter.Write(file));
            Write(run.Ladder, Core.Simulation.ElectropherogramSimulator.Ladder(kit, standard, settings));
            Write(run.Recipient, Core.Simulation.ElectropherogramSimulator.Sample(kit, standard, [new("R", r, 1)], settings with { Seed = 2 }));
            Write(run.KidneyDonor, Core.Simulation.ElectropherogramSimulator.Sample(kit, standard, [new("K", k, 1)], settings with { Seed = 3 }));
            Write(run.MscDonor, Core.Simulation.ElectropherogramSimulator.Sample(kit, standard, [new("M", m, 1)], settings with { Seed = 4 }));
            Write(run.Sample, Core.Simulation.ElectropherogramSimulator.Sample(kit, standard, [new("R", r, shares.Recipient), new("K", k, shares.Kidney), new("M", m, shares.Msc)], settings with { Seed = 5 }));
            return run;
        }

        // Alleles spread along each ladder so that the three people differ at most loci.
        private static Dictionary<string, System.Collections.Immutable.ImmutableArray<string>> Genotype(Core.Str.Kit kit, int offset) =>
            kit.Loci.Select((l, i) => (l, i)).ToDictionary(
                x => x.l.Name,
                x => System.Collections.Immutable.ImmutableArray.Create(x.l.Ladder[(offset + x.i) % x.l.Ladder.Length].Name, x.l.Ladder[(offset + (2 * x.i) + 4) % x.l.Ladder.Length].Name));

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
