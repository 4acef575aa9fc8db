using Stroma.Core.Biopsy;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Safety;

/// <summary>
/// The dates of a patient's safety records against the patient's <see cref="RecordWindow"/>: an adverse event's onset and resolution,
/// a vital-sign set's time and a biopsy's time, none before birth nor in the future. A file's reader checks them when it knows the
/// birth date; the store checks them again against the stored patient, so no entry point can keep an event dated before birth.
/// </summary>
public static class SafetyDates
{
    /// <summary>One error per record time outside the window, located by record id.</summary>
    public static IEnumerable<Issue> Check(RecordWindow window, IEnumerable<AdverseEvent> events, IEnumerable<VitalSigns> vitals, IEnumerable<BiopsyReport> biopsies)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(vitals);
        ArgumentNullException.ThrowIfNull(biopsies);
        return events.SelectMany(e => new[]
            {
                window.Check(e.Onset, $"adverse event {e.Id} onset", "adverse event onset"),
                e.Resolved is { } resolved ? window.Check(resolved, $"adverse event {e.Id} resolved", "adverse event resolution") : null,
            })
            .Concat(vitals.Select(v => window.Check(v.At, $"vital signs {v.InfusionId} at", "vital-sign time")))
            .Concat(biopsies.Select(b => window.Check(b.TakenAt, $"biopsy {b.Id} takenAt", "biopsy time")))
            .OfType<Issue>()
            .ToList();
    }
}
