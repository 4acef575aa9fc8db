using Stroma.Core.CellProducts;
using Stroma.Core.Safety;
using Stroma.Core.Simulation;

namespace Stroma.Core.Tests.Simulation;

public sealed class DemoCellTherapyTests
{
    // The demo's product is released, every infusion passes the gate, no vital sign is flagged, and the record shows no adverse event
    // in any window of any infusion — the one sentence of the seed paper, computed. Its one AE (an unrelated infection on day 120)
    // is a valid CTCAE record, and the course timeline's note of it carries the same id: one AE, not two.
    [Fact]
    public void Build_ReleasedLotCleanInfusionsAndNoAdverseEventAroundThem()
    {
        var record = DemoCellTherapy.Build();
        var course = DemoCase.Build();

        var decision = Release.Decide(record.Lot.Id, record.Specification, record.Results, SpecificationStatus.BuiltIn) with
        {
            ReleaseSignature = new(new("s1", "qp", "Demo QP", record.Results.Max(r => r.At).AddHours(2), Core.Signatures.SignatureMeaning.Release, "msc_lots", null, record.Lot.Id, new string('a', 64)),
                Core.Signatures.SignatureValidity.Valid),
        };

        Assert.True(decision.MeetsSpecification);
        Assert.True(decision.Released);
        Assert.Empty(decision.Notes);
        foreach (var (infusion, bag) in course.Infusions.Zip(record.Lot.Bags))
        {
            Assert.Empty(Custody.CheckInfusion(record.Lot, decision, bag, DemoCase.PatientId, infusion.At, record.Custody[bag.Id]));
            Assert.Empty(new VitalThresholds().Check(record.Vitals.Where(v => v.InfusionId == infusion.Id)));
        }

        var safety = SafetySummary.Summarise(course.Infusions.Select(i => (i.Id, i.At)), record.AdverseEvents, course.Labs.Max(l => l.SampledAt));
        Assert.Equal(3, safety.Length);
        Assert.All(safety.SelectMany(s => s.Windows), w => Assert.StartsWith("no adverse events within", w.Text, StringComparison.Ordinal));
        Assert.All(record.Biopsies, b => Assert.Empty(b.Validate()));
        var ae = Assert.Single(record.AdverseEvents);
        Assert.Empty(ae.Validate());
        Assert.Equal(1, AdverseEventLedger.Of(record.AdverseEvents, course.Events).Count);
        Assert.Equal(Core.Biopsy.ColumbiaVariant.Nos, record.Biopsies[0].Lesions.Variant);
    }
}
