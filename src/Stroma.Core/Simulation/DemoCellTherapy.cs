using System.Collections.Immutable;
using Stroma.Core.Biopsy;
using Stroma.Core.CellProducts;
using Stroma.Core.Safety;

namespace Stroma.Core.Simulation;

/// <summary>The demo case's cell product, safety record and biopsies: synthetic, labelled so, consistent with <see cref="DemoCase"/>.</summary>
/// <param name="Lot">The MSC lot with one bag per infusion, each dispensed for the demo patient.</param>
/// <param name="Specification">The release specification.</param>
/// <param name="Results">The lot's release results (all within specification).</param>
/// <param name="Custody">Each bag's custody events up to the bedside check, by bag id (as a lot file carries them).</param>
/// <param name="Vitals">Vital signs around each infusion.</param>
/// <param name="AdverseEvents">Adverse events: none around the infusions, as in the seed case; an unrelated upper respiratory infection on day 120.</param>
/// <param name="Biopsies">The pre-treatment and one-year graft biopsies.</param>
public sealed record DemoCellTherapyRecord(
    MscLot Lot, ReleaseSpecification Specification, ImmutableArray<ReleaseResult> Results, ImmutableDictionary<string, ImmutableArray<CustodyEvent>> Custody, ImmutableArray<VitalSigns> Vitals,
    ImmutableArray<AdverseEvent> AdverseEvents, ImmutableArray<BiopsyReport> Biopsies);

/// <summary>Builds <see cref="DemoCellTherapyRecord"/>.</summary>
public static class DemoCellTherapy
{
    /// <summary>The id of the demo's one adverse event (the course timeline notes it under the same id).</summary>
    public const string UpperRespiratoryInfectionId = "ae-uri-120";

    /// <summary>The demo record; <paramref name="biopsyStrSampleId"/> links the one-year biopsy to the STR sample made from it.</summary>
    public static DemoCellTherapyRecord Build(string? biopsyStrSampleId = null)
    {
        var course = DemoCase.Build();
        DateTimeOffset At(int day, double hour) => new DateTimeOffset(DemoCase.DayZero.Date.AddDays(day), DemoCase.DayZero.Offset).AddHours(hour);
        var bags = course.Infusions.Select((infusion, i) => new Bag(
            $"{infusion.LotId}-B{i + 1}", Isbt128.Create("A9999", 25, 17001 + i).ValueOrThrow(), "S0000", $"A{i}", 7.5e7, 50, DemoCase.PatientId)).ToImmutableArray();
        var lot = new MscLot(course.Infusions[0].LotId, new CellDonor("DONOR-S-0412", DonorKind.ThirdParty, "synthetic"), "bone marrow", 3, Preservation.Cryopreserved,
            At(-40, 12), At(325, 23).AddMinutes(59), "Synthetic cell factory", bags);
        var released = At(-10, 9);
        ImmutableArray<ReleaseResult> results =
        [
            new("viability", 92.5, null, "%", released), new("viable_cells", 2.25e8, null, "{cells}", released),
            new("CD73", 99.1, null, "%", released), new("CD90", 98.7, null, "%", released), new("CD105", 97.9, null, "%", released),
            new("CD45", 0.4, null, "%", released), new("CD34", 0.3, null, "%", released), new("CD14", 0.6, null, "%", released),
            new("CD19", 0.2, null, "%", released), new("HLA-DR", 0.9, null, "%", released),
            new("sterility", null, "no growth", null, released), new("endotoxin", 0.12, null, "[EU]/mL", released),
            new("mycoplasma", null, "negative", null, released), new("karyotype", null, "normal", null, released), new("potency", 41, null, "%", released),
        ];
        var custody = ImmutableDictionary.CreateBuilder<string, ImmutableArray<CustodyEvent>>(StringComparer.Ordinal);
        var vitals = new List<VitalSigns>();
        foreach (var (infusion, bag) in course.Infusions.Zip(bags))
        {
            var day = course.DayOf(infusion.At);
            custody[bag.Id] =
            [
                new CustodyEvent($"{bag.Id}-c1", bag.Id, CustodyEventKind.Dispensed, "factory-qp", "courier", At(day, 7), "Synthetic cell factory", -150),
                new CustodyEvent($"{bag.Id}-c2", bag.Din.Value, CustodyEventKind.Received, "courier", "ward-nurse", At(day, 8), "Paediatric nephrology", -145),
                new CustodyEvent($"{bag.Id}-c3", bag.Id, CustodyEventKind.Thawed, "ward-nurse", "ward-nurse", At(day, 9.25), "Paediatric nephrology", 37),
                new CustodyEvent($"{bag.Id}-c4", bag.Id, CustodyEventKind.AtBedside, "ward-nurse", "physician", At(day, 9.75), "Bed 4", Witness: "second-nurse"),
            ];
            foreach (var (minutes, phase, temp, hr, sbp) in new[]
            {
                (-15, InfusionPhase.Before, 36.7, 92.0, 108.0), (15, InfusionPhase.During, 36.8, 95.0, 106.0), (30, InfusionPhase.During, 36.9, 96.0, 107.0),
                (60, InfusionPhase.After, 36.8, 94.0, 109.0), (120, InfusionPhase.After, 36.7, 90.0, 110.0),
            })
            {
                vitals.Add(new VitalSigns(infusion.Id, infusion.At.AddMinutes(minutes), phase, temp, hr, sbp, 68, 18, 99));
            }
        }

        var noRejection = new BanffScores(0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0);
        ImmutableArray<BiopsyReport> biopsies =
        [
            new("bx-pre", At(-30, 9), "pre-treatment, for cause (recurrent proteinuria)", 18, 1, 2, new FsgsLesions(0, 0, 0, 0, 3), noRejection,
                new BanffFindings(Dsa: false, Other: ["Recurrent FSGS"]), 70, 3),
            new("bx-1y", At(365, 9), "protocol, one year after the first infusion", 20, 2, 3, new FsgsLesions(0, 0, 0, 0, 4), noRejection,
                new BanffFindings(Dsa: false, Other: ["Recurrent FSGS"]), 55, 3, biopsyStrSampleId),
        ];
        // CTCAE v5.0 has no grade 1 for an infection: an upper respiratory infection treated with an oral antibiotic is grade 2.
        ImmutableArray<AdverseEvent> events =
        [
            new(UpperRespiratoryInfectionId, "cold with purulent sinusitis; amoxicillin by mouth for 7 days", Ctcae.UpperRespiratoryInfection.Term, Ctcae.Version, 2,
                At(120, 12), At(129, 12), [], Relatedness.Unrelated, ProductAction.None, AeOutcome.Recovered),
        ];
        return new DemoCellTherapyRecord(lot, ReleaseSpecification.IsctBoneMarrowMsc, results, custody.ToImmutable(), [.. vitals], events, biopsies);
    }
}
