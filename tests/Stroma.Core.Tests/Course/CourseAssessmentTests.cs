using Stroma.Core.Course;
using Stroma.Core.Simulation;

namespace Stroma.Core.Tests.Course;

public sealed class CourseAssessmentTests
{
    [Fact]
    public void Assess_NoInfusion_ReportsCourse001() =>
        Assert.Equal(CourseIssues.NoDayZero, Assert.Single(CourseAssessment.Assess(new CourseBuilder().Upcr(1, 3).Build(), TreatmentProtocol.SeedCase).Issues).Code);

    [Fact]
    public void Assess_DemoCase_AnswersTheProtocolQuestion()
    {
        var assessment = CourseAssessment.Assess(DemoCase.Build(), TreatmentProtocol.SeedCase).ValueOrThrow();

        Assert.True(assessment.Attainment.TargetMetWithoutPlasmapheresis);
        Assert.Equal(90, assessment.Attainment.HeldSinceDay);
        Assert.True(assessment.Attainment.HeldAtOneYear);
        Assert.Equal(60, assessment.Dependence.FreeSinceDay);
        Assert.Equal(59, assessment.Dependence.TimeToIndependenceDays);
        Assert.Equal(4.0, assessment.Dependence.Before.SessionsPer28Days!.Value, 1e-9);
        Assert.InRange(assessment.Dependence.After.SessionsPer28Days!.Value, 0.25, 0.26);
        Assert.Equal(["msc-1", "msc-2", "msc-3"], assessment.InfusionIds);
        Assert.Equal(660, assessment.LastFollowUpDay);
        Assert.True(assessment.Renal.SlopeAfter!.PerYear > -1, "renal function is stable or improving after the infusions");
        Assert.DoesNotContain(assessment.Issues, i => i.Severity == Diagnostics.Severity.Error);
    }

    [Fact]
    public void DemoCase_IsSyntheticAndDeterministic()
    {
        var first = DemoCase.Build();
        var second = DemoCase.Build();

        Assert.True(first.Patient.IsSynthetic);
        Assert.Equal(first.Labs.Select(l => l.Value), second.Labs.Select(l => l.Value));
        Assert.Equal(60e6, first.Infusions[0].TotalCells, 1e-3);
    }
}
