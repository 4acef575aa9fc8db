using System.Globalization;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;
using Stroma.Storage;

namespace Stroma.Application.CellProducts;

/// <summary>A custody handoff as typed on the lot page: every field as text, the time local to the site.</summary>
/// <param name="Bag">The bag's id within the lot.</param>
/// <param name="Kind">dispensed, shipped, received, thawed or at-bedside (an infusion is recorded through the gate, not here).</param>
/// <param name="From">Custodian handing over.</param>
/// <param name="To">Custodian taking over.</param>
/// <param name="At">When, <c>yyyy-MM-ddTHH:mm</c> in the site's time zone.</param>
/// <param name="Location">Where.</param>
/// <param name="Scanned">What was scanned (the bag's DIN or id); empty for the bag id.</param>
/// <param name="TemperatureC">Temperature logged (°C), or empty.</param>
/// <param name="SealIntact">Whether the seal was intact.</param>
/// <param name="Witness">Second person, or empty.</param>
public sealed record CustodyFields(string? Bag, string? Kind, string? From, string? To, string? At, string? Location, string? Scanned, string? TemperatureC, bool SealIntact, string? Witness);

/// <summary>
/// A custody handoff recorded as it happens (<see cref="StromaStore.AddCustodyAsync"/>): the fields read (the kind one of the chain's
/// words, the time in the site's zone and not in the future, the temperature a number in °C), then the chain checked with the stored
/// events in the transaction that writes — refused with every reason (COC001 gap, COC002 order, COC003 scan, COC008 seal or
/// temperature) and nothing written.
/// </summary>
public static class CustodyEntries
{
    /// <summary>The kinds a handoff may be typed as, in the order they happen.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["dispensed", "shipped", "received", "thawed", "at-bedside"];

    /// <summary>Reads the form and adds the handoff to the bag's chain.</summary>
    /// <param name="store">The store, acting as the signed-in user.</param>
    /// <param name="lotId">The stored lot.</param>
    /// <param name="fields">The form's fields.</param>
    /// <param name="now">The present (a handoff is recorded as it happens, never ahead of it).</param>
    /// <param name="ct">Cancels the write.</param>
    public static async Task<ReadResult<CustodyEvent>> AddAsync(StromaStore store, string lotId, CustodyFields fields, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fields);
        var issues = new List<Issue>();
        var bagId = CourseEntry.Required(fields.Bag, "bag", "a bag of the lot", issues);
        var kind = (fields.Kind ?? string.Empty).Trim() switch
        {
            "dispensed" => CustodyEventKind.Dispensed,
            "shipped" => CustodyEventKind.Shipped,
            "received" => CustodyEventKind.Received,
            "thawed" => CustodyEventKind.Thawed,
            "at-bedside" => CustodyEventKind.AtBedside,
            var other => Refuse(other),
        };
        var from = CourseEntry.Required(fields.From, "from", "the custodian handing over", issues);
        var to = CourseEntry.Required(fields.To, "to", "the custodian taking over", issues);
        var where = CourseEntry.Required(fields.Location, "location", "where the handoff happened", issues);
        var at = SiteTime.Read(fields.At, await store.LoadSettingAsync(SiteTime.Setting, ct), "at", issues);
        if (at is { } t && t > now.AddMinutes(5))
        {
            issues.Add(Issue.Error(CourseJsonIssues.BadValue, "at", $"Expected a handoff that has happened (recorded as it happens); found {IsoTime.Shown(t)}, after now."));
        }

        double? temperature = null;
        var temperatureText = (fields.TemperatureC ?? string.Empty).Trim();
        if (temperatureText.Length > 0)
        {
            if (NumberText.TryParse(temperatureText, out var celsius, out var problem))
            {
                temperature = celsius;
            }
            else
            {
                issues.Add(new Issue(CourseJsonIssues.BadValue, Severity.Error, "Temperature in °C: " + NumberText.Describe(temperatureText, problem), "temperatureC"));
            }
        }

        if (issues.Count > 0 || bagId is null || kind is not { } k || from is null || to is null || where is null || at is not { } when)
        {
            return ReadResult.Failed<CustodyEvent>(issues);
        }

        var scanned = string.IsNullOrWhiteSpace(fields.Scanned) ? bagId : fields.Scanned.Trim();
        var witness = string.IsNullOrWhiteSpace(fields.Witness) ? null : fields.Witness.Trim();
        var entry = new CustodyEvent(
            string.Create(CultureInfo.InvariantCulture, $"{bagId}-{fields.Kind!.Trim()}-{when.UtcDateTime:yyyyMMddTHHmmssZ}"), scanned, k, from, to, when, where, temperature, fields.SealIntact, witness);
        var added = await store.AddCustodyAsync(lotId, bagId, [entry], ct);
        return added.HasErrors ? ReadResult.Failed<CustodyEvent>(added.Issues) : ReadResult.Of(entry, added.Issues);

        CustodyEventKind? Refuse(string found)
        {
            issues.Add(Issue.Error(CourseJsonIssues.BadValue, "kind", $"Expected one of {string.Join(", ", Kinds)}; found '{found}'."));
            return null;
        }
    }
}
