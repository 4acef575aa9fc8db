using System.Globalization;
using Stroma.Core.Course;
using Stroma.Core.Quantities;

namespace Stroma.Core.Simulation;

/// <summary>
/// Synthetic patients for load tests: each index always gives the same course (seeded by the index), about
/// a thousand lab results over two years around three MSC infusions, weekly plasma exchange before day 0
/// and a randomly chosen response. Labelled synthetic; not patient data.
/// </summary>
public static class SyntheticRegistry
{
    /// <summary>The id of patient <paramref name="index"/>.</summary>
    public static string PatientId(int index) => string.Create(CultureInfo.InvariantCulture, $"SYN-{index:000000}");

    /// <summary>Builds patient <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labsPerPatient"/> is under 10.</exception>
    public static PatientCourse Patient(int index, int labsPerPatient = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(labsPerPatient, 10);
        var random = new Random(index);
        var id = PatientId(index);
        var zero = new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.FromHours(1)).AddDays(random.Next(0, 700));
        var ageAtZero = 4 + (random.NextDouble() * 40);
        var sex = random.Next(2) == 0 ? Sex.Female : Sex.Male;
        var birth = DateOnly.FromDateTime(zero.Date.AddDays(-ageAtZero * 365.25));
        var responder = random.NextDouble() < 0.6;
        var patient = new Patient(id, birth, sex, "FSGS (synthetic registry)", [new Transplant(DateOnly.FromDateTime(zero.Date.AddDays(-720)), DonorType.Deceased)],
            DateOnly.FromDateTime(zero.Date.AddDays(-700)), IsSynthetic: true);

        var lastSessionDay = responder ? 60 : 700;
        var sessions = new List<PlasmaExchangeSession>();
        for (var day = -364; day <= lastSessionDay; day += day < 0 ? 7 : 14)
        {
            sessions.Add(new PlasmaExchangeSession(string.Create(CultureInfo.InvariantCulture, $"{id}-tpe{sessions.Count}"), zero.AddDays(day), 1.0 + (0.5 * random.NextDouble()), null, "5% albumin"));
        }

        var height = ageAtZero < 18 ? 100 + (4 * ageAtZero) : 150 + (30 * random.NextDouble());
        var weight = Math.Max(12, (height - 100) * 0.9);
        var labs = new List<LabResult>(labsPerPatient);
        Analyte[] mix = [Analyte.Upcr, Analyte.Upcr, Analyte.Upcr, Analyte.Creatinine, Analyte.Creatinine, Analyte.Creatinine, Analyte.Height, Analyte.Weight, Analyte.SerumAlbumin, Analyte.CystatinC];
        for (var i = 0; i < labsPerPatient; i++)
        {
            var day = -364.0 + (1064.0 * i / labsPerPatient);
            var at = zero.AddMinutes(Math.Round(day * 24 * 60) - 120); // whole minutes, as lab systems report them
            var analyte = mix[i % mix.Length];
            var (value, unit) = analyte switch
            {
                Analyte.Upcr => (Math.Max(0.05, (responder && day > 60 ? 3.0 : 6.0) + random.NextDouble() - 0.5), "mg/mg"),
                Analyte.Creatinine => (Math.Round(0.6 + (0.01 * ageAtZero) + (0.1 * random.NextDouble()), 2), "mg/dL"),
                Analyte.Height => (Math.Round(height + (ageAtZero < 18 ? day / 365.25 * 6 : 0), 1), "cm"),
                Analyte.Weight => (Math.Round(weight + random.NextDouble(), 1), "kg"),
                Analyte.SerumAlbumin => (Math.Round(28 + (8 * random.NextDouble()), 1), "g/L"),
                _ => (Math.Round(1.0 + (0.4 * random.NextDouble()), 2), "mg/L"),
            };
            labs.Add(LabResult.Create(string.Create(CultureInfo.InvariantCulture, $"{id}-lab{i}"), analyte, at, value, unit));
        }

        var dose = CellDose.FromCellsPerKilogram(1.5e6);
        MscInfusion[] infusions =
        [
            MscInfusion.FromDosePerKilogram($"{id}-msc1", zero, "MSC-SYN-001", dose, Weight.FromKilograms(weight), "IV"),
            MscInfusion.FromDosePerKilogram($"{id}-msc2", zero.AddDays(14), "MSC-SYN-001", dose, Weight.FromKilograms(weight), "IV"),
            MscInfusion.FromDosePerKilogram($"{id}-msc3", zero.AddDays(21), "MSC-SYN-001", dose, Weight.FromKilograms(weight), "IV"),
        ];
        return new PatientCourse(patient, labs, sessions, infusions, [], []);
    }
}
