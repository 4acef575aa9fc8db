using Stroma.Core.Quantities;
using Stroma.Core.Renal;

namespace Stroma.Core.Course;

/// <summary>One UPCR sample judged against the protocol: target, plasmapheresis-free, remission class.</summary>
/// <param name="LabId">The sample's lab result id.</param>
/// <param name="SampledAt">Sample time.</param>
/// <param name="Day">Study day.</param>
/// <param name="Upcr">The ratio.</param>
/// <param name="MeetsTarget">Whether it met the protocol target.</param>
/// <param name="IsPlasmapheresisFree">Whether no session started within the protocol's days before it.</param>
/// <param name="LastSessionIdBefore">The last session before the sample, if any.</param>
/// <param name="DaysSinceLastSession">Days since that session.</param>
/// <param name="Remission">Remission class under the rule set for the patient's age at the sample.</param>
public sealed record UpcrTimePoint(
    string LabId, DateTimeOffset SampledAt, int Day, Upcr Upcr, bool MeetsTarget, bool IsPlasmapheresisFree, string? LastSessionIdBefore, double? DaysSinceLastSession, RemissionAssessment Remission);

/// <summary>
/// Whether and since when the proteinuria target held without plasmapheresis. The target "held since" the earliest sample after
/// day 0 from which every later UPCR met the target while plasmapheresis-free and no session followed.
/// </summary>
/// <param name="Points">Every UPCR sample, oldest first.</param>
/// <param name="HeldSinceLabId">The sample from which the target held, or null.</param>
/// <param name="HeldSinceDay">Its study day.</param>
/// <param name="HeldAtLastFollowUp">Whether the last UPCR after day 0 met the target without plasmapheresis.</param>
/// <param name="OneYearLabId">The sample nearest the one-year day within the protocol's tolerance, or null.</param>
/// <param name="HeldAtOneYear">Whether that sample met the target without plasmapheresis; null without a one-year sample.</param>
public sealed record TargetAttainment(IReadOnlyList<UpcrTimePoint> Points, string? HeldSinceLabId, int? HeldSinceDay, bool HeldAtLastFollowUp, string? OneYearLabId, bool? HeldAtOneYear)
{
    /// <summary>The protocol's question: the target was reached and still held without plasmapheresis at the last follow-up.</summary>
    public bool TargetMetWithoutPlasmapheresis => HeldSinceLabId is not null && HeldAtLastFollowUp;

    /// <summary>Judges every UPCR sample of a course with a day 0.</summary>
    /// <exception cref="InvalidOperationException">The course has no MSC infusion.</exception>
    public static TargetAttainment Of(PatientCourse course, TreatmentProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentNullException.ThrowIfNull(protocol);
        var zero = course.DayZero ?? throw new InvalidOperationException("The course has no MSC infusion, so it has no day 0.");
        var sessions = new Timeline<PlasmaExchangeSession>(course.Sessions, s => s.At);
        var upcrs = course.LabsOf(Analyte.Upcr);
        var albumins = new Timeline<LabResult>(course.LabsOf(Analyte.SerumAlbumin), a => a.SampledAt);
        var baseline = upcrs.LastOrDefault(u => u.SampledAt < zero);
        var points = upcrs.Select(lab =>
        {
            var last = sessions.LastBefore(lab.SampledAt);
            double? since = last is null ? null : (lab.SampledAt - last.At).TotalDays;
            var upcr = lab.AsUpcr();
            var albumin = albumins.LastBefore(lab.SampledAt, inclusive: true) is { } a && (lab.SampledAt - a.SampledAt).TotalDays <= protocol.AlbuminMaxAgeDays ? a : null;
            var rules = course.Patient.AgeOn(DateOnly.FromDateTime(lab.SampledAt.DateTime)).Years < 18 ? RemissionRuleSet.Ipna2022Children : RemissionRuleSet.Kdigo2021Adults;
            var remission = RemissionAssessment.Assess(rules, upcr, baseline?.AsUpcr(), albumin?.AsSerumAlbumin());
            return new UpcrTimePoint(lab.Id, lab.SampledAt, PatientCourse.StudyDay(zero, lab.SampledAt), upcr, protocol.Target.IsBelow(upcr),
                since is null || since > protocol.PlasmapheresisFreeDays, last?.Id, since, remission);
        }).ToList();

        var after = points.Where(p => p.SampledAt >= zero).ToList();
        var lastSession = sessions.LastItem?.At;
        UpcrTimePoint? heldSince = null;
        for (var i = after.Count - 1; i >= 0; i--)
        {
            var p = after[i];
            if (!p.MeetsTarget || !p.IsPlasmapheresisFree || lastSession >= p.SampledAt)
            {
                break;
            }

            heldSince = p;
        }

        // The nearest to the one-year day; among equals the earliest, as `after` is in time order.
        var oneYear = after.Where(p => protocol.IsNearOneYear(p.Day)).MinBy(p => Math.Abs(p.Day - protocol.OneYearDay));
        var lastPoint = after.LastOrDefault();
        return new TargetAttainment(
            points,
            heldSince?.LabId,
            heldSince?.Day,
            lastPoint is { MeetsTarget: true, IsPlasmapheresisFree: true },
            oneYear?.LabId,
            oneYear is null ? null : oneYear.MeetsTarget && oneYear.IsPlasmapheresisFree);
    }
}
