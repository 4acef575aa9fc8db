using Stroma.Core.Course;
using Stroma.Core.Quantities;

namespace Stroma.Core.Simulation;

/// <summary>
/// A synthetic case modelled on the seed paper (Belingheri et al., Biologicals 2013) following research/paper.md §3: a 13-year-old
/// girl with steroid-resistant FSGS recurring after a deceased-donor transplant, on weekly plasmapheresis to keep UPCR below
/// 5 mg/mg, given three MSC infusions (days 0, 14, 21), then plasmapheresis-free with UPCR below 5 from about day 60 to the last
/// follow-up at day 660. Every value is the project's own invention, labelled synthetic; none is patient data. The case is
/// deterministic (fixed seed), so tests can rely on it.
/// </summary>
public static class DemoCase
{
    /// <summary>The demo patient's pseudonymous id.</summary>
    public const string PatientId = "DEMO-001";

    /// <summary>The demo patient's id as the use cases take it.</summary>
    public static Course.PatientId Id { get; } = Course.PatientId.Parse(PatientId);

    /// <summary>
    /// Day 0: the first infusion, 3 March 2021 at 10:00 in Milan. Fixed, and far enough in the past that the whole course (to day 660,
    /// 24 December 2022) lies before any date the demo is loaded on, so every record can be amended (none is "in the future") while
    /// every known answer stays put. It moved from 2025 by exactly four calendar years (the birth date too): between 1901 and 2099
    /// that keeps every calendar date's month and day and every leap day between two dates, so ages, study days and eGFR are the same
    /// to the bit.
    /// </summary>
    public static DateTimeOffset DayZero { get; } = new(2021, 3, 3, 10, 0, 0, TimeSpan.FromHours(1));

    private static readonly int[] InfusionDays = [0, 14, 21];

    /// <summary>Builds the course.</summary>
    public static PatientCourse Build()
    {
        var random = new Random(2013);
        var patient = new Patient(PatientId, new DateOnly(2007, 10, 15), Sex.Female, "steroid-resistant FSGS (synthetic demo case)",
            [new Transplant(Date(-700), DonorType.Deceased)], Date(-695), IsSynthetic: true);
        var labs = new List<LabResult>();
        void Lab(Analyte analyte, int day, double value, string unit, int hour = 8) =>
            labs.Add(LabResult.Create(FormattableString.Invariant($"lab-{Analytes.NameOf(analyte)}-{day}-{labs.Count}"), analyte, At(day, hour), value, unit));

        // Plasmapheresis: intensive after recurrence, weekly from day -400 (labs are drawn before a session, at 08:00).
        var sessionDays = new List<int> { -690, -689, -688 };
        for (var day = -686; day < -400; day += day % 7 == 0 ? 3 : 2)
        {
            sessionDays.Add(day);
        }

        for (var day = -395; day <= -3; day += 7)
        {
            sessionDays.Add(day);
        }

        sessionDays.AddRange([3, 10, 17, 31, 45, 59]);
        var sessions = sessionDays.Select((day, i) => new PlasmaExchangeSession(
            FormattableString.Invariant($"tpe-{i + 1:000}"), At(day, 10), 1.0 + (0.5 * random.NextDouble()), null, "5% albumin")).ToList();

        // UPCR before day 0: pre-session sawtooth peaks (6-8 mg/mg) and a post-session trough each month (3.5-4.5).
        foreach (var day in sessionDays.Where(d => d is >= -364 and < 0))
        {
            Lab(Analyte.Upcr, day, 6.0 + (2.0 * random.NextDouble()), "mg/mg");
            if (day % 28 == -3 % 28)
            {
                Lab(Analyte.Upcr, day + 1, 3.5 + random.NextDouble(), "mg/mg");
            }
        }

        // UPCR from day 0 (research/paper.md §3 timeline, with monthly visits filled in).
        foreach (var (day, value) in new[]
        {
            (0, 6.5), (3, 5.6), (7, 5.2), (10, 4.0), (14, 5.0), (17, 4.2), (21, 4.6), (28, 4.3), (31, 4.2), (45, 4.0), (59, 3.9),
            (90, 3.8), (120, 3.6), (150, 3.5), (180, 3.2), (240, 3.3), (300, 3.0), (365, 2.9), (450, 3.0), (540, 3.2), (660, 3.1),
        })
        {
            Lab(Analyte.Upcr, day, value, "mg/mg");
        }

        // Creatinine: stable, slightly falling after the infusions; the last pre-treatment year monthly.
        for (var day = -364; day < -30; day += 28)
        {
            Lab(Analyte.Creatinine, day, Math.Round(1.13 + (0.04 * random.NextDouble()), 2), "mg/dL");
        }

        foreach (var (day, value) in new[]
        {
            (-30, 1.15), (-14, 1.15), (0, 1.12), (7, 1.10), (14, 1.08), (21, 1.08), (28, 1.05), (59, 1.05), (90, 1.04), (120, 1.03),
            (180, 1.02), (240, 1.01), (300, 1.01), (365, 1.00), (450, 1.00), (540, 0.99), (660, 1.00),
        })
        {
            Lab(Analyte.Creatinine, day, value, "mg/dL");
        }

        foreach (var (day, cm) in new[] { (-364, 151.0), (-270, 152.0), (-180, 153.0), (-90, 154.5), (-30, 155.0), (90, 156.5), (180, 158.0), (270, 159.5), (365, 161.0), (450, 162.0), (540, 162.5), (660, 163.0) })
        {
            Lab(Analyte.Height, day, cm, "cm");
        }

        foreach (var (day, kg) in new[] { (-30, 39.6), (0, 40.0), (14, 40.1), (21, 40.0), (90, 40.8), (180, 41.9), (365, 44.0), (660, 46.5) })
        {
            Lab(Analyte.Weight, day, kg, "kg");
        }

        foreach (var (day, gPerDl) in new[] { (-30, 2.9), (-14, 3.0), (28, 3.2), (90, 3.4), (180, 3.6), (365, 3.8), (660, 3.9) })
        {
            Lab(Analyte.SerumAlbumin, day, gPerDl, "g/dL");
        }

        var dose = CellDose.FromCellsPerKilogram(1.5e6);
        var infusions = InfusionDays.Select((day, i) => MscInfusion.FromDosePerKilogram(
            FormattableString.Invariant($"msc-{i + 1}"), At(day, 10), "MSC-DEMO-001", dose, Weight.FromKilograms(40.0), "IV", "none")).ToList();

        var drugs = new List<DrugExposure>
        {
            new("drug-tac", "tacrolimus (trough 5-8 ng/mL)", null, null, Date(-700), null),
            new("drug-mmf", "mycophenolate mofetil", 600, "mg/m2 bid", Date(-700), null),
            new("drug-pred", "prednisone", 5, "mg/d", Date(-700), null),
            new("drug-ramipril", "ramipril", 2.5, "mg/d", Date(-600), null),
            new("drug-rtx-1", "rituximab", 375, "mg/m2", Date(-680), Date(-680)),
            new("drug-rtx-2", "rituximab", 375, "mg/m2", Date(-673), Date(-673)),
        };
        var events = new List<ClinicalEvent>
        {
            new("ev-biopsy-recurrence", At(-690, 9), ClinicalEventKind.Biopsy, "Graft biopsy: minimal changes on light microscopy, diffuse foot-process effacement (~80%) on EM."),
            new("ev-biopsy-pre", At(-30, 9), ClinicalEventKind.Biopsy, "Pre-treatment graft biopsy: FSGS NOS in 3/18 glomeruli, effacement 70%, IF/TA 10%, no rejection."),
            new("ev-sample-baseline", At(-14, 8), ClinicalEventKind.Sample, "Baseline cytokine panel; STR references (recipient blood, kidney-donor DNA, MSC-lot retained sample)."),
            new("ev-sample-str-1", At(1, 8), ClinicalEventKind.Sample, "STR blood after infusion 1."),
            new("ev-sample-cyt-7", At(7, 8), ClinicalEventKind.Sample, "Cytokine panel after infusion 1."),
            new("ev-sample-28", At(28, 8), ClinicalEventKind.Sample, "STR blood and cytokine panel after the infusions."),
            // The timeline's note of the AE recorded in full (graded, causality) in the safety record under the same id: one AE.
            new(DemoCellTherapy.UpperRespiratoryInfectionId, At(120, 12), ClinicalEventKind.AdverseEvent, "Upper respiratory infection, oral antibiotic (CTCAE grade 2), not related."),
            new("ev-sample-180", At(180, 8), ClinicalEventKind.Sample, "Cytokine panel; HLA antibodies (no new DSA)."),
            new("ev-biopsy-1y", At(365, 9), ClinicalEventKind.Biopsy, "One-year protocol biopsy: lesions stable (4/20 segmental), effacement 55%, no rejection; STR on tissue."),
            new("ev-sample-365", At(365, 8), ClinicalEventKind.Sample, "One-year cytokine panel."),
        };
        return new PatientCourse(patient, labs, sessions, infusions, drugs, events);
    }

    // A fixed UTC+1 offset all year: the case is synthetic and study days, not wall-clock hours, matter.
    private static DateTimeOffset At(int day, int hour) => new(DayZero.Date.AddDays(day).AddHours(hour), DayZero.Offset);

    private static DateOnly Date(int day) => DateOnly.FromDateTime(DayZero.Date.AddDays(day));
}
