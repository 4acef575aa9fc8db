using Stroma.Core.Course;
using Stroma.Core.Quantities;

namespace Stroma.Core.Tests.Course;

/// <summary>Builds small courses in study days (day 0 = the first infusion at 10:00 UTC on 2025-01-01).</summary>
internal sealed class CourseBuilder
{
    public static readonly DateTimeOffset Zero = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly List<LabResult> _labs = [];
    private readonly List<PlasmaExchangeSession> _sessions = [];
    private readonly List<MscInfusion> _infusions = [];
    private DateOnly _birth = new(2011, 9, 1);

    public static DateTimeOffset At(double day, int hour = 8) => Zero.Date.AddDays(day).AddHours(hour) is var t ? new DateTimeOffset(t, TimeSpan.Zero) : default;

    public CourseBuilder BornOn(DateOnly birth)
    {
        _birth = birth;
        return this;
    }

    public CourseBuilder Infusion(double day)
    {
        _infusions.Add(MscInfusion.FromDosePerKilogram($"msc-{_infusions.Count + 1}", At(day, 10), "LOT-1", CellDose.FromCellsPerKilogram(1.5e6), Weight.FromKilograms(40), "IV"));
        return this;
    }

    public CourseBuilder Session(DateTimeOffset at)
    {
        _sessions.Add(new PlasmaExchangeSession($"tpe-{_sessions.Count + 1}", at, 1.0, null, "5% albumin"));
        return this;
    }

    public CourseBuilder Sessions(params double[] days)
    {
        foreach (var day in days)
        {
            Session(At(day, 10));
        }

        return this;
    }

    public CourseBuilder Lab(Analyte analyte, DateTimeOffset at, double value, string unit)
    {
        _labs.Add(LabResult.Create($"{analyte}-{_labs.Count + 1}", analyte, at, value, unit));
        return this;
    }

    public CourseBuilder Upcr(double day, double mgPerMg, int hour = 8) => Lab(Analyte.Upcr, At(day, hour), mgPerMg, "mg/mg");

    public CourseBuilder Creatinine(double day, double mgPerDl) => Lab(Analyte.Creatinine, At(day), mgPerDl, "mg/dL");

    public CourseBuilder Height(double day, double cm) => Lab(Analyte.Height, At(day), cm, "cm");

    public PatientCourse Build() =>
        new(new Patient("P-1", _birth, Sex.Female, "FSGS", [], null, IsSynthetic: true), _labs, _sessions, _infusions, [], []);
}
