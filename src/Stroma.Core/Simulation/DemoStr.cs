using System.Collections.Immutable;
using Stroma.Core.Electrophoresis;
using Stroma.Core.Str;

namespace Stroma.Core.Simulation;

/// <summary>The demo case's STR run: its raw files and the results Stroma draws from them.</summary>
/// <param name="Files">Every raw ABIF file (name, bytes, digest), the ladder first.</param>
/// <param name="Samples">The analysed samples.</param>
/// <param name="Chimerism">The chimerism results of the post-treatment samples.</param>
public sealed record DemoStrRun(ImmutableArray<RawInput> Files, ImmutableArray<StrSampleRecord> Samples, ImmutableArray<ChimerismRecord> Chimerism);

/// <summary>
/// The demo case's STR assay, synthetic and labelled so (built-in <see cref="SyntheticKit"/>): references of the recipient
/// (pre-transplant blood), the deceased kidney donor and the MSC donor (lot retain); after the infusions, peripheral blood at
/// day 30 (the recipient's own) and the one-year graft biopsy (70% kidney donor, 30% recipient infiltrate). No MSC-donor DNA is
/// put in either, so both must read "not detected (&lt; 1 %)" — as the seed case reports.
/// </summary>
public static class DemoStr
{
    /// <summary>Simulates the files, analyses them end to end and returns the records to keep.</summary>
    public static DemoStrRun Build()
    {
        var kit = SyntheticKit.Kit;
        var standard = SizeStandard.Gs500Liz;
        var settings = new SimulationSettings();
        var (recipient, kidney, msc) = (Genotype(kit, 0), Genotype(kit, 3), Genotype(kit, 7));
        var day0 = DemoCase.DayZero;
        var files = new List<(string Name, AbifFile File, string Role, string Material, DateTimeOffset? At)>
        {
            ("demo-ladder.fsa", ElectropherogramSimulator.Ladder(kit, standard, settings), "ladder", "allelic ladder", null),
            ("demo-recipient.fsa", Sample([new("recipient", recipient, 1)], 11), "recipient", "peripheral blood (pre-transplant)", day0.AddDays(-701)),
            ("demo-kidney-donor.fsa", Sample([new("kidney-donor", kidney, 1)], 12), "kidney-donor", "donor blood (at procurement)", day0.AddDays(-700)),
            ("demo-msc-donor.fsa", Sample([new("msc-donor", msc, 1)], 13), "msc-donor", "MSC lot retain", day0.AddDays(-14)),
            ("demo-blood-d30.fsa", Sample([new("recipient", recipient, 1)], 14), "post-treatment", "peripheral blood", day0.AddDays(30)),
            ("demo-biopsy-1y.fsa", Sample([new("recipient", recipient, 0.3), new("kidney-donor", kidney, 0.7)], 15), "post-treatment", "graft biopsy", day0.AddDays(365)),
        };

        var raw = files.ToDictionary(f => f.Name, f => RawInput.Of(f.Name, AbifWriter.Write(f.File)));
        var read = files.ToDictionary(f => f.Name, f => AbifReader.ReadOrThrow(raw[f.Name].Bytes, f.Name));
        var ladderSha = raw["demo-ladder.fsa"].Sha256;
        var ladder = StrAnalysis.Ladder(read["demo-ladder.fsa"], "demo-ladder.fsa", kit, standard.Id, StrSettings.Default).ValueOrThrow();
        var chimerismSettings = new ChimerismSettings(StutterHandling.Correct, settings.StutterRatio, LimitOfDetectionPercent: 1.0);
        var runSettings = StrRunSettings.Of(kit.Name, null, null, standard.Id, StrSettings.Default, chimerismSettings, PeakSignal.Height);
        var samples = new Dictionary<string, (StrSampleRecord Record, SampleAnalysis Analysis)>();
        foreach (var f in files.Skip(1))
        {
            var analysis = StrAnalysis.Sample(read[f.Name], f.Name, ladder, standard.Id, StrSettings.Default, SampleRole.Sample).ValueOrThrow();
            samples[f.Name] = (StrRecords.Sample(analysis, DemoCase.PatientId, f.Role, f.Material, f.At, raw[f.Name].Sha256, ladderSha, runSettings), analysis);
        }

        var references = files.Where(f => f.Role is "recipient" or "kidney-donor" or "msc-donor").Select(f => samples[f.Name]).ToList();
        var chimerism = ImmutableArray.CreateBuilder<ChimerismRecord>();
        foreach (var name in files.Where(f => f.Role == "post-treatment").Select(f => f.Name))
        {
            var run = StrChimerism.Analyze(ladder, [.. references.Select(r => new ChimerismReference(r.Record.Role, r.Analysis))], samples[name].Analysis.Lane, chimerismSettings, runSettings.Signal, samples[name].Analysis);
            chimerism.AddRange(StrRecords.Chimerism(run, samples[name].Record.Id, references.ToDictionary(r => r.Record.Role, r => r.Record.Id), chimerismSettings));
        }

        return new DemoStrRun([.. files.Select(f => raw[f.Name])], [.. samples.Values.Select(s => s.Record)], chimerism.ToImmutable());

        AbifFile Sample(SimulatedContributor[] contributors, int seed) => ElectropherogramSimulator.Sample(kit, standard, contributors, settings with { Seed = seed }, contributors[0].Name);
    }

    // Alleles spread along each ladder by an offset, so that the three people differ at most loci.
    private static Dictionary<string, ImmutableArray<string>> Genotype(Kit kit, int offset) =>
        kit.Loci.Select((l, i) => (l, i)).ToDictionary(
            x => x.l.Name,
            x => ImmutableArray.Create(x.l.Ladder[(offset + x.i) % x.l.Ladder.Length].Name, x.l.Ladder[(offset + (2 * x.i) + 4) % x.l.Ladder.Length].Name));
}
