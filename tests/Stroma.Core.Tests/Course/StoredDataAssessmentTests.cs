using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;
using Stroma.Core.Simulation;

namespace Stroma.Core.Tests.Course;

/// <summary>
/// Rows stored before the entry rules existed (a lab before birth, an impossible birth date, a sample at the end of time, a creatinine
/// of 1e-320) must never make an assessment throw: what cannot be used is left out with a warning, and a course that cannot be assessed
/// at all is an error.
/// </summary>
public sealed class StoredDataAssessmentTests
{
    private static LabResult StoredLab(string id, Analyte analyte, DateTimeOffset at, double value, string unit) =>
        new(id, analyte, at, new ReportedValue(value, unit), value, unit, null, Analytes.DefaultSpecimen(analyte));

    private static PatientCourse Demo => DemoCase.Build();

    private static PatientCourse WithLab(LabResult lab) => Demo with { Labs = [.. Demo.Labs, lab] };

    [Fact]
    public void Assess_LabDatedBeforeBirth_LeavesItOutWithAWarning()
    {
        var result = CourseAssessment.Assess(WithLab(StoredLab("old", Analyte.Creatinine, new DateTimeOffset(1900, 1, 1, 8, 0, 0, TimeSpan.Zero), 1.0, "mg/dL")), TreatmentProtocol.SeedCase);

        Assert.NotNull(result.Value);
        Assert.Contains(result.Issues, i => i.Code == CourseIssues.RecordLeftOut && i.Location == "old");
        Assert.DoesNotContain(result.Value.Renal.Points, p => p.CreatinineLabId == "old");
    }

    [Fact]
    public void Assess_SampleAtTheEndOfTime_LeavesItOut()
    {
        var result = CourseAssessment.Assess(WithLab(StoredLab("late", Analyte.Upcr, new DateTimeOffset(9999, 12, 31, 8, 0, 0, TimeSpan.Zero), 1.0, "mg/mg")), TreatmentProtocol.SeedCase);

        Assert.NotNull(result.Value);
        Assert.Contains(result.Issues, i => i.Code == CourseIssues.RecordLeftOut && i.Location == "late");
        Assert.Equal(660, result.Value.LastFollowUpDay);
    }

    [Theory]
    [InlineData(1e-320)]
    [InlineData(1e-9)]
    [InlineData(double.NaN)]
    public void Assess_ImpossibleStoredCreatinine_LeavesItOut(double mgPerDl)
    {
        var result = CourseAssessment.Assess(WithLab(StoredLab("tiny", Analyte.Creatinine, DemoCase.DayZero.AddDays(30), mgPerDl, "mg/dL")), TreatmentProtocol.SeedCase);

        Assert.NotNull(result.Value);
        Assert.Contains(result.Issues, i => i.Code == CourseIssues.RecordLeftOut && i.Location == "tiny");
    }

    [Theory]
    [InlineData(2099, 1, 1)]
    [InlineData(1, 1, 1)]
    public void Assess_ImpossibleBirthDate_IsAnErrorNotAnException(int year, int month, int day)
    {
        var course = Demo with { Patient = Demo.Patient with { BirthDate = new DateOnly(year, month, day) } };

        var result = CourseAssessment.Assess(course, TreatmentProtocol.SeedCase);

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Severity == Severity.Error);
    }

    [Fact]
    public void Assess_InfusionAtTheStartOfTime_IsAnErrorNotAnException()
    {
        var first = DateTimeOffset.MinValue.AddHours(1);
        var course = new CourseBuilder().BornOn(DateOnly.MinValue).Build() with
        {
            Infusions = [MscInfusion.FromDosePerKilogram("i", first, "L", CellDose.FromCellsPerKilogram(1e6), Weight.FromKilograms(40), "IV")],
            Labs = [StoredLab("u", Analyte.Upcr, first.AddDays(1), 1, "mg/mg")],
        };

        var result = CourseAssessment.Assess(course, TreatmentProtocol.SeedCase);

        Assert.Null(result.Value);
        Assert.Contains(result.Issues, i => i.Severity == Severity.Error);
    }
}
