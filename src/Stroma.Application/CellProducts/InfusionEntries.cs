using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Application.CellProducts;

/// <summary>An MSC infusion as typed into a form: every field as text, the time local to the site.</summary>
/// <param name="Bag">The bag's id or its ISBT 128 DIN (scanned or typed).</param>
/// <param name="LotId">The lot, when a bag id is used by several lots, or empty.</param>
/// <param name="At">Start of the infusion, <c>yyyy-MM-ddTHH:mm</c> in the site's time zone.</param>
/// <param name="CellsPerKilogram">Dose in cells/kg (for example 1.5e6).</param>
/// <param name="WeightKg">Weight at infusion in kg.</param>
/// <param name="Route">Route of administration, or empty for IV.</param>
public sealed record InfusionFields(string? Bag, string? LotId, string? At, string? CellsPerKilogram, string? WeightKg, string? Route = null);

/// <summary>
/// An MSC infusion typed into a form, recorded through the infusion gate and nothing else (<see cref="Infusions.RecordAsync"/>): the
/// fields read as text (numbers with a dot, the time in the site's zone and the patient's record window), then the gate's every check
/// in the transaction that writes. Refused with every reason — the form's at their fields, the gate's (release, expiry, patient,
/// custody, dose) as they are — and nothing written. The infusion is recorded as given by the acting user, who is the custodian at
/// the bedside.
/// </summary>
public static class InfusionEntries
{
    /// <summary>Reads the form and records the infusion through the gate.</summary>
    /// <param name="store">The store, acting as the signed-in user (who infused).</param>
    /// <param name="patientId">The patient.</param>
    /// <param name="fields">The form's fields.</param>
    /// <param name="now">The present (an infusion may not be dated later than now plus a day).</param>
    /// <param name="ct">Cancels the write.</param>
    public static async Task<ReadResult<RecordedInfusion>> RecordAsync(StromaStore store, PatientId patientId, InfusionFields fields, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fields);
        if (await store.BirthDateAsync(patientId, ct) is not { } birth)
        {
            return ReadResult.Failed<RecordedInfusion>([LabCsvIssues.NoSuchPatient(patientId)]);
        }

        var issues = new List<Issue>();
        var bag = CourseEntry.Required(fields.Bag, "bag", "the bag's id or its ISBT 128 DIN", issues);
        var lot = CourseEntry.Optional(fields.LotId, "lot", issues);
        var zone = await store.LoadSettingAsync(SiteTime.Setting, ct);
        var at = CourseEntry.When(fields.At, "at", zone, new RecordWindow(birth, now), "start of the infusion", issues);
        var dose = Number(fields.CellsPerKilogram, "cellsPerKilogram", issues);
        var weight = Number(fields.WeightKg, "weightKg", issues);
        var route = CourseEntry.Optional(fields.Route, "route", issues) ?? "IV";
        if (issues.Count > 0 || bag is null || at is not { } start || dose is not { } perKg || weight is not { } kg)
        {
            return ReadResult.Failed<RecordedInfusion>(issues);
        }

        var form = new Course.KeptForm<InfusionFields>("infusion", patientId, bag, zone, null, fields); // its record id is the infusion's, once the bag is found
        return await Infusions.RecordAsync(store, new InfusionRequest(patientId, bag, lot, start, perKg, kg, null, store.Actor, route, form), ct);
    }

    // A number as typed; its range is the gate's to judge (INFUSION001, the weight's plausibility), with the same codes as the CLI.
    private static double? Number(string? text, string location, List<Issue> issues)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (Core.Text.NumberText.TryParse(trimmed, out var value, out var problem))
        {
            return value;
        }

        issues.Add(new Issue(CourseJsonIssues.BadValue, Severity.Error, Core.Text.NumberText.Describe(trimmed, problem), location));
        return null;
    }
}
