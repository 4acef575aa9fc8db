using System.Collections.Immutable;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Safety;
using Stroma.Core.Text;
using Stroma.Storage;

namespace Stroma.Application.CellProducts;

/// <summary>One set of vital signs as typed at the bedside: every field as text, the time local to the site; an empty measure is not taken.</summary>
/// <param name="Phase">before, during or after the infusion.</param>
/// <param name="At">When, <c>yyyy-MM-ddTHH:mm</c> in the site's time zone.</param>
/// <param name="TemperatureC">Body temperature (Cel).</param>
/// <param name="HeartRate">Heart rate (/min).</param>
/// <param name="SystolicMmHg">Systolic pressure (mm[Hg]).</param>
/// <param name="DiastolicMmHg">Diastolic pressure (mm[Hg]).</param>
/// <param name="RespiratoryRate">Respiratory rate (/min).</param>
/// <param name="SpO2Percent">Oxygen saturation (%).</param>
public sealed record VitalFields(string? Phase, string? At, string? TemperatureC, string? HeartRate, string? SystolicMmHg, string? DiastolicMmHg, string? RespiratoryRate, string? SpO2Percent);

/// <summary>A set of vital signs kept, with every threshold it crossed (empty when none).</summary>
/// <param name="Signs">The set as stored.</param>
/// <param name="Flags">Each crossed threshold with its numbers (<see cref="VitalThresholds.Flags"/>).</param>
public sealed record RecordedVitals(VitalSigns Signs, ImmutableArray<string> Flags);

/// <summary>
/// Vital signs around an infusion typed at the bedside: the measures read as numbers in their UCUM units and checked against what is
/// possible (refused) and plausible (kept with a warning, <see cref="VitalSignRanges"/>), stored with the infusion in one audited write,
/// and flagged at entry against the protocol's thresholds (<see cref="VitalThresholds"/>'s defaults: temperature ≥ 38.0 °C, systolic
/// &lt; 90 mmHg or a fall ≥ 20 from the pre-infusion baseline, heart rate up ≥ 20/min, SpO2 &lt; 92 %, respiratory rate &gt; 30/min).
/// </summary>
public static class BedsideVitals
{
    /// <summary>The thresholds the bedside flags against.</summary>
    public static VitalThresholds Thresholds { get; } = new();

    /// <summary>Reads the set, stores it with the infusion and returns it with its flags; refused with every reason at its field and nothing written.</summary>
    /// <param name="store">The store, acting as the signed-in user.</param>
    /// <param name="patientId">The patient.</param>
    /// <param name="infusionId">The infusion the set belongs to (stored for the patient).</param>
    /// <param name="fields">The form's fields.</param>
    /// <param name="ct">Cancels the write.</param>
    public static async Task<ReadResult<RecordedVitals>> RecordAsync(StromaStore store, PatientId patientId, string infusionId, VitalFields fields, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fields);
        var issues = new List<Issue>();
        InfusionPhase? phase = (fields.Phase ?? string.Empty).Trim() switch
        {
            "before" => InfusionPhase.Before,
            "during" => InfusionPhase.During,
            "after" => InfusionPhase.After,
            var other => Refuse("phase", $"Expected before, during or after; found '{other}'."),
        };
        var zone = await store.LoadSettingAsync(SiteTime.Setting, ct);
        var at = SiteTime.Read(fields.At, zone, "at", issues);
        var signs = new VitalSigns(infusionId, at ?? default, phase ?? InfusionPhase.During,
            Number(fields.TemperatureC, "temperatureC"), Number(fields.HeartRate, "heartRate"), Number(fields.SystolicMmHg, "systolicMmHg"),
            Number(fields.DiastolicMmHg, "diastolicMmHg"), Number(fields.RespiratoryRate, "respiratoryRate"), Number(fields.SpO2Percent, "spO2Percent"));
        if (signs is { TemperatureC: null, HeartRate: null, SystolicMmHg: null, DiastolicMmHg: null, RespiratoryRate: null, SpO2Percent: null } && issues.Count == 0)
        {
            issues.Add(Issue.Error(CourseJsonIssues.BadValue, "temperatureC", $"Expected at least one measure; every field is empty."));
        }

        // The form's fields are the measures' names, so the ranges' issues are located at them.
        issues.AddRange(VitalSignRanges.Check(signs, "vitals").Select(i => i with { Location = i.Location["vitals.".Length..] }));
        if (issues.Any(i => i.Severity == Severity.Error) || at is null || phase is null)
        {
            return ReadResult.Failed<RecordedVitals>(issues);
        }

        var form = new Course.KeptForm<VitalFields>("vital-signs", patientId, infusionId, zone, null, fields).ToInput(); // kept as the set's raw input
        var saved = await store.SaveCellTherapyRecordAsync(patientId, [], [signs], [], KeptInput.Form(form), ct);
        if (saved.HasErrors)
        {
            return ReadResult.Failed<RecordedVitals>([.. issues, .. saved.Issues]);
        }

        var baseline = (await store.LoadCellTherapyRecordAsync(patientId, ct)).Vitals
            .Where(v => v.InfusionId == infusionId && v.Phase == InfusionPhase.Before && v.At <= signs.At && v != signs).MaxBy(v => v.At);
        var flags = Thresholds.Flags(signs, signs.Phase == InfusionPhase.Before ? null : baseline);
        return ReadResult.Of(new RecordedVitals(signs, flags), [.. issues, .. saved.Issues]);

        InfusionPhase? Refuse(string location, FormattableString message)
        {
            issues.Add(Issue.Error(CourseJsonIssues.BadValue, location, message));
            return null;
        }

        double? Number(string? text, string location)
        {
            var trimmed = (text ?? string.Empty).Trim();
            if (trimmed.Length == 0)
            {
                return null;
            }

            if (NumberText.TryParse(trimmed, out var value, out var problem))
            {
                return value;
            }

            issues.Add(new Issue(CourseJsonIssues.BadValue, Severity.Error, NumberText.Describe(trimmed, problem), location));
            return null;
        }
    }
}
