using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Text;

namespace Stroma.Reports.Course;

public static partial class CaseReport
{
    private static void Infusions(Html html, PatientCourse course, IReadOnlyList<LotRecord> lots)
    {
        html.Element("h2", "MSC infusions");
        html.Table("Infusion", "Day", "Lot", "Dose", "Total cells", "Weight", "Route", "Premedication");
        foreach (var i in course.Infusions.OrderBy(x => x.At))
        {
            var lot = lots.FirstOrDefault(l => l.Lot.Id == i.LotId);
            var where = lot is null ? "held elsewhere: no release or custody record here" : lot.Release.Released ? "held here, released" : "held here, NOT released";
            html.Cells(i.Id, Inv($"{course.DayOf(i.At)}"), $"{i.LotId} ({where})", Dose(i.Dose), Cells(i.TotalCells), Inv($"{i.WeightAtInfusion.Kilograms:0.0} kg"), i.Route,
                i.Premedication ?? "none recorded");
        }

        html.EndTable();
    }

    // A lot held here: its release against the specification version kept with it, and this patient's bags with their custody (the
    // lot's other bags belong to other patients and are not shown).
    private static void Product(Html html, PatientCourse course, LotRecord t)
    {
        var lot = t.Lot;
        html.Element("h2", $"Cell product: lot {lot.Id}");
        html.Element("p", Inv($"{lot.SourceTissue} MSC, donor {lot.Donor.Id} ({ClinicalFormat.Words(lot.Donor.Kind)}), passage {lot.Passage}, {ClinicalFormat.Words(lot.Preservation)}, made {lot.ManufacturedAt:yyyy-MM-dd} at {lot.Site}, expires {lot.ExpiresAt:yyyy-MM-dd}. Release ({t.Release.Specification}): {(t.Release.Released ? "released" : "NOT released")}{ReleaseSigned(t.Release)}."));
        html.Table("Test", "Method", "Criterion", "Result", "Verdict");
        foreach (var v in t.Release.Verdicts)
        {
            html.Cells(v.Test.Name + (v.Test.Mandatory ? string.Empty : " (informative)"), v.Test.Method, v.Test.ReadableCriterion(),
                v.Result is null ? "none" : v.Result.Value is { } x ? Measured(x, v.Result.Unit) : v.Result.Text ?? string.Empty, ClinicalFormat.Words(v.Status));
        }

        html.EndTable();
        html.Element("h3", "Bags, doses and chain of custody");
        html.Table("Bag", "DIN", "Cells", "Volume", "Infusion", "Dose", "Custody");
        foreach (var bag in lot.Bags)
        {
            var chain = t.Custody.GetValueOrDefault(bag.Id);
            // The infusion a bag gave is the one its "infused" custody event records (the gate writes them together).
            var infusion = course.Infusions.FirstOrDefault(i => !chain.IsDefaultOrEmpty && chain.Any(c => c.Kind == CustodyEventKind.Infused && c.At == i.At));
            if (infusion is null && bag.AllocatedToPatientId != course.Patient.Id)
            {
                continue;
            }

            html.Cells(bag.Id, bag.Din.ToString(), Cells(bag.Cells), Inv($"{bag.VolumeMl:0} mL"),
                infusion is null ? "not infused" : Inv($"{infusion.Id}, day {course.DayOf(infusion.At)}"),
                infusion is null ? string.Empty : $"{Dose(infusion.Dose)} × {Inv($"{infusion.WeightAtInfusion.Kilograms:0.0}")} kg = {Cells(infusion.TotalCells)} ({Inv($"{infusion.TotalCells / bag.CellsPerMl:0.0}")} mL)",
                chain.IsDefaultOrEmpty ? "none" : string.Join(" → ", chain.Select(c => $"{ClinicalFormat.Words(c.Kind)} {Inv($"{c.At:HH:mm}")} ({c.To})")));
        }

        html.EndTable();
    }

    private static string Measured(double value, string? unit) => unit is null ? ClinicalFormat.Number(value) : ClinicalFormat.Quantity(value, unit);

    // The qualified person's release signature as printed (21 CFR 11.50: name, time, meaning), with its validity.
    private static string ReleaseSigned(ReleaseDecision release) => release.ReleaseSignature is { } s
        ? $"; {s.Signature.Manifestation}{(s.IsValid ? string.Empty : " (" + s.ValidityText + ")")}"
        : "; no release signature";
}
