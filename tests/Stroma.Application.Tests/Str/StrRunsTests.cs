using System.Collections.Immutable;
using Stroma.Application.Str;
using Stroma.Core;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Simulation;
using Stroma.Core.Str;
using Stroma.Storage.Tests;

namespace Stroma.Application.Tests.Str;

/// <summary>
/// An uploaded run kept through the use case: the references and a post-treatment sample simulated with the built-in synthetic kit
/// (ground truth: 70 % kidney donor, 30 % recipient), analysed and kept in one transaction, read back for review; refused runs write nothing.
/// </summary>
public abstract class StrRunsTests(IStoreFixture fixture)
{
    private static readonly Core.Course.PatientId Patient = DemoCase.Id;
    private static readonly Kit Kit = SyntheticKit.Kit;
    private static readonly SimulationSettings Simulation = new();

    internal static Dictionary<string, ImmutableArray<string>> Genotype(int offset) =>
        Kit.Loci.Select((l, i) => (l, i)).ToDictionary(
            x => x.l.Name,
            x => ImmutableArray.Create(x.l.Ladder[(offset + x.i) % x.l.Ladder.Length].Name, x.l.Ladder[(offset + (2 * x.i) + 4) % x.l.Ladder.Length].Name));

    private static RawInput File(string name, AbifFile file) => RawInput.Of(name, AbifWriter.Write(file));

    private static RawInput Sample(string name, int seed, params SimulatedContributor[] contributors) =>
        File(name, ElectropherogramSimulator.Sample(Kit, SizeStandard.Gs500Liz, contributors, Simulation with { Seed = seed }, contributors[0].Name));

    internal static List<StrRunFile> Run(string? sampledAt = "2026-03-03T09:00:00+01:00")
    {
        var (recipient, kidney) = (Genotype(0), Genotype(3));
        return
        [
            new(File("run-ladder.fsa", ElectropherogramSimulator.Ladder(Kit, SizeStandard.Gs500Liz, Simulation)), "ladder", null, null),
            new(Sample("run-recipient.fsa", 21, new SimulatedContributor("recipient", recipient, 1)), "recipient", "buccal swab", null),
            new(Sample("run-kidney.fsa", 22, new SimulatedContributor("kidney-donor", kidney, 1)), "kidney-donor", null, null),
            new(Sample("run-biopsy.fsa", 23, new SimulatedContributor("recipient", recipient, 0.3), new SimulatedContributor("kidney-donor", kidney, 0.7)), "post-treatment", "graft biopsy", sampledAt),
        ];
    }

    private async Task<Storage.StromaStore> StoreAsync()
    {
        var store = (await fixture.NewStoreAsync()).WithActor("lab-1");
        await store.SaveCourseAsync(DemoCase.Build(), new Core.Course.PatientIdentity(Patient, "Synthetic Demo", "H-000"), cancellationToken: TestContext.Current.CancellationToken);
        return store;
    }

    [Fact]
    public async Task KeepAsync_AWholeRun_KeepsSamplesRawFilesAndTheChimerismOfTheSimulatedMixture()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync();
        var files = Run();

        var kept = (await StrRuns.KeepAsync(store, Patient, SyntheticKit.Name, files, ct)).ValueOrThrow();

        Assert.Equal(["recipient", "kidney-donor", "post-treatment"], kept.Samples.Select(s => s.Role));
        Assert.Equal((3, 4), (kept.SamplesAdded, kept.RawFilesAdded));
        var biopsy = kept.Samples[2];
        Assert.Equal(("graft biopsy", new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.FromHours(1))), (biopsy.Material, biopsy.SampledAt!.Value));
        Assert.Equal("buccal swab", kept.Samples[0].Material);
        Assert.Equal(files[0].Content.Sha256, biopsy.LadderSha256);
        foreach (var file in files)
        {
            Assert.Equal(file.Content.Bytes, await store.LoadRawFileAsync(file.Content.Sha256, ct));
        }

        // Ground truth of the simulation: 70 % kidney donor, 30 % recipient (peak heights, synthetic noise and stutter: within 3 points).
        var shares = (await store.LoadChimerismAsync(Patient, ct)).Where(c => c.SampleId == biopsy.Id).ToDictionary(c => c.Contributor);
        Assert.InRange(shares["kidney-donor"].Percent!.Value, 67, 73);
        Assert.InRange(shares["recipient"].Percent!.Value, 27, 33);
        Assert.Equal(kept.Samples[1].Id, shares["kidney-donor"].ReferenceSampleId);
    }

    [Fact]
    public async Task KeepAsync_TheSameRunTwice_AddsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync();
        (await StrRuns.KeepAsync(store, Patient, SyntheticKit.Name, Run(), ct)).ValueOrThrow();

        var again = (await StrRuns.KeepAsync(store, Patient, SyntheticKit.Name, Run(), ct)).ValueOrThrow();

        Assert.Equal((0, 0), (again.SamplesAdded, again.RawFilesAdded));
        Assert.Equal(3, (await store.LoadStrSamplesAsync(Patient, ct)).Count);
    }

    // The same raw files uploaded for a second patient kept no sample for them: the ids were derived from the file, ladder and kit
    // only, so the first patient's rows were taken as "already kept". Each patient's run keeps its own samples and results; the raw
    // files are shared by their SHA-256.
    [Fact]
    public async Task KeepAsync_TheSameFilesForASecondPatient_KeepsThatPatientsOwnSamplesAndResults()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync();
        var course = DemoCase.Build();
        await store.SaveCourseAsync(course with { Patient = course.Patient with { Id = "P-SECOND" }, Infusions = [] }, cancellationToken: ct);
        var first = (await StrRuns.KeepAsync(store, Patient, SyntheticKit.Name, Run(), ct)).ValueOrThrow();

        var second = (await StrRuns.KeepAsync(store, Core.Course.PatientId.Parse("P-SECOND"), SyntheticKit.Name, Run(), ct)).ValueOrThrow();

        Assert.Equal((3, 0), (second.SamplesAdded, second.RawFilesAdded));
        var kept = await store.LoadStrSamplesAsync("P-SECOND", ct);
        Assert.Equal(["kidney-donor", "post-treatment", "recipient"], kept.Select(s => s.Role).Order(StringComparer.Ordinal));
        Assert.Empty(kept.Select(s => s.Id).Intersect(first.Samples.Select(s => s.Id)));
        var results = await store.LoadChimerismAsync("P-SECOND", ct);
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Contains(r.SampleId, kept.Select(s => s.Id)));
        Assert.Equal(3, (await store.LoadStrSamplesAsync(Patient, ct)).Count);
    }

    // The settings are kept with every sample (kit, size standard, thresholds, chimerism, software), and the calls and chimerism
    // recomputed from the kept raw files with the kept settings are the kept ones.
    [Fact]
    public async Task KeepAsync_KeepsTheSettings_AndARecomputeFromTheKeptInputsGivesTheKeptCalls()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync();
        var files = Run();
        var settings = StrRunSettings.Of(Kit.Name, null, null, SizeStandard.Gs500Liz.Id,
            StrSettings.Default with { Calls = new CallSettings(CallThreshold: 120, StutterRatio: 0.12) }, new ChimerismSettings(StutterHandling.Correct, 0.08, 2.0), PeakSignal.Area);
        var request = new StrRunRequest(Kit, files[0].Content, "files[0]",
        [
            new StrRunSample(files[1].Content, SampleRole.Sample, new SampleDetails("recipient", "buccal swab", null), new SampleDetails("recipient", "reference", null), "recipient", false, "files[1]"),
            new StrRunSample(files[2].Content, SampleRole.Sample, new SampleDetails("kidney-donor", null, null), new SampleDetails("kidney-donor", "reference", null), "kidney-donor", false, "files[2]"),
            new StrRunSample(files[3].Content, SampleRole.Sample, new SampleDetails("post-treatment", "graft biopsy", DateTimeOffset.Parse("2026-03-03T09:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture)),
                new SampleDetails("post-treatment", "unspecified", null), null, true, "files[3]"),
        ], settings);

        var kept = (await StrRuns.KeepAsync(store, Patient, request, ct)).ValueOrThrow();

        var stored = await store.LoadStrSamplesAsync(Patient, ct);
        Assert.All(stored, s => Assert.Equal(settings, s.Settings));
        Assert.All(stored, s => Assert.Equal((120.0, 0.12, "GS500LIZ"), (s.Settings!.Analysis.Calls.CallThreshold, s.Settings.Analysis.Calls.StutterRatio, s.Settings.SizeStandard)));
        var biopsy = stored.Single(s => s.Role == "post-treatment");
        var ladder = StrAnalysis.Ladder(AbifReader.ReadOrThrow((await store.LoadRawFileAsync(biopsy.LadderSha256, ct))!, "ladder"), "ladder", Kit, biopsy.Settings!.SizeStandard, biopsy.Settings.Analysis).ValueOrThrow();
        foreach (var sample in stored)
        {
            var again = StrAnalysis.Sample(AbifReader.ReadOrThrow((await store.LoadRawFileAsync(sample.FileSha256, ct))!, sample.FileName), sample.FileName, ladder,
                sample.Settings!.SizeStandard, sample.Settings.Analysis, SampleRole.Sample).ValueOrThrow();
            Assert.Equal(sample.Genotype, again.Loci.ToImmutableSortedDictionary(l => l.Locus, l => l.Genotype, StringComparer.Ordinal));
        }

        var review = (await StrSamples.ReviewAsync(store, Patient, biopsy.Id, null, ct))!.ValueOrThrow();
        Assert.Equal(2, kept.Chimerism.Count);
        Assert.All(kept.Chimerism, c => Assert.Contains("area, stutter correct (ratio 0.08), LOD 2 %", c.Method, StringComparison.Ordinal));
        Assert.All(kept.Chimerism, c => Assert.Equal(c.Percent, review.Recomputed!.Contributors.Single(x => x.Contributor == c.Contributor).Percent));
        Assert.All(review.Analysis.Loci, l => Assert.Equal(biopsy.Genotype[l.Locus], l.Genotype));
    }

    [Fact]
    public async Task KeepAsync_PostTreatmentWithoutItsTime_IsStr015AtItsFieldAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync();

        var result = await StrRuns.KeepAsync(store, Patient, SyntheticKit.Name, Run(sampledAt: null), ct);

        var issue = Assert.Single(result.Issues);
        Assert.Equal((StrIssues.SampleDetailsMissing, "files[3].sampledAt"), (issue.Code, issue.Location));
        await AssertNothingKeptAsync(store, Run(), ct);
    }

    [Fact]
    public async Task KeepAsync_AFileThatIsNotAbif_IsRefusedAtItsFileAndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync();
        var files = Run();
        files[2] = files[2] with { Content = RawInput.Of("kidney.fsa", "not an ABIF file at all"u8.ToArray()) };

        var result = await StrRuns.KeepAsync(store, Patient, SyntheticKit.Name, files, ct);

        Assert.True(result.HasErrors);
        Assert.All(result.Issues.Where(i => i.Severity == Core.Diagnostics.Severity.Error), i => Assert.StartsWith("files[2].file: ", i.Location, StringComparison.Ordinal));
        Assert.Contains(result.Issues, i => i.Code == AbifIssues.NotAbif);
        await AssertNothingKeptAsync(store, files, ct);
    }

    [Theory]
    [InlineData("/etc/hostname")] // a path typed into the form opens no file on the server
    [InlineData("NoSuchKit")]
    [InlineData(null)]
    public async Task KeepAsync_AKitNotAmongTheLabsKits_IsKit004AndWritesNothing(string? kit)
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync();

        var issue = Assert.Single((await StrRuns.KeepAsync(store, Patient, kit, Run(), ct)).Issues);

        Assert.Equal((KitResolver.UnknownKit, "kit"), (issue.Code, issue.Location));
        await AssertNothingKeptAsync(store, Run(), ct);
    }

    [Fact]
    public async Task ReviewAsync_AKeptSample_RedoesItsCallsDrawsItsLabelsAndRecomputesItsChimerism()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync();
        var kept = (await StrRuns.KeepAsync(store, Patient, SyntheticKit.Name, Run(), ct)).ValueOrThrow();
        var biopsy = kept.Samples[2];

        var review = (await StrSamples.ReviewAsync(store, Patient, biopsy.Id, null, ct))!.ValueOrThrow();

        Assert.Equal(biopsy.Genotype.Keys, review.Analysis.Loci.Select(l => l.Locus).Order(StringComparer.Ordinal));
        Assert.All(review.Analysis.Loci, l => Assert.Equal(biopsy.Genotype[l.Locus], l.Genotype));
        Assert.True(review.LadderCheck.Passed);
        Assert.StartsWith("<svg", review.Svg, StringComparison.Ordinal);
        var someAllele = review.Analysis.Loci.First(l => !l.Alleles.IsEmpty).Alleles[0].Name;
        Assert.Contains($">{someAllele}</text>", review.Svg, StringComparison.Ordinal);
        Assert.Equal(2, review.Chimerism.Count);
        var kidney = review.Recomputed!.Contributors.Single(c => c.Contributor == "kidney-donor");
        Assert.Equal(review.Chimerism.Single(c => c.Contributor == "kidney-donor").Percent!.Value, kidney.Percent!.Value, precision: 9);
    }

    [Fact]
    public async Task ReviewAsync_ZoomToAnUnknownLocus_IsStr017_AndAnUnknownSampleIsNull()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = await StoreAsync();
        var kept = (await StrRuns.KeepAsync(store, Patient, SyntheticKit.Name, Run(), ct)).ValueOrThrow();
        var locus = Kit.Loci[1].Name;

        var zoomed = (await StrSamples.ReviewAsync(store, Patient, kept.Samples[0].Id, locus, ct))!.ValueOrThrow();
        var unknown = (await StrSamples.ReviewAsync(store, Patient, kept.Samples[0].Id, "NOPE", ct))!;

        Assert.Equal(locus, zoomed.Locus);
        Assert.Contains($" · {locus}", zoomed.Svg, StringComparison.Ordinal);
        Assert.Equal((StrIssues.UnknownLocus, "locus"), (Assert.Single(unknown.Issues).Code, unknown.Issues[0].Location));
        Assert.Null(await StrSamples.ReviewAsync(store, Patient, "STR-000000000000", null, ct));
    }

    private static async Task AssertNothingKeptAsync(Storage.StromaStore store, IEnumerable<StrRunFile> files, CancellationToken ct)
    {
        Assert.Empty(await store.LoadStrSamplesAsync(Patient, ct));
        Assert.Empty(await store.LoadChimerismAsync(Patient, ct));
        foreach (var file in files)
        {
            Assert.Null(await store.LoadRawFileAsync(file.Content.Sha256, ct));
        }
    }
}

public sealed class SqliteStrRunsTests(SqliteFixture fixture) : StrRunsTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresStrRunsTests(PostgresFixture fixture) : StrRunsTests(fixture), IClassFixture<PostgresFixture>;
