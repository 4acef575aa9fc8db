using System.Collections.Immutable;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.CellProducts;

/// <summary>Stable issue codes for the chain of identity and custody, and the infusion gate.</summary>
public static class CustodyIssues
{
    /// <summary>A handoff's sender is not the previous receiver (a gap in custody).</summary>
    public const string Gap = "COC001";

    /// <summary>Events out of time order.</summary>
    public const string OutOfOrder = "COC002";

    /// <summary>The scanned item is not the bag the chain is for.</summary>
    public const string ScanMismatch = "COC003";

    /// <summary>The lot is not released.</summary>
    public const string NotReleased = "COC004";

    /// <summary>The lot is expired at the infusion time.</summary>
    public const string Expired = "COC005";

    /// <summary>The bag was dispensed for another patient.</summary>
    public const string WrongPatient = "COC006";

    /// <summary>The bag never reached the bedside before the infusion.</summary>
    public const string NotAtBedside = "COC007";

    /// <summary>A condition was out of range or a seal broken during a handoff.</summary>
    public const string Condition = "COC008";

    /// <summary>The bag was already infused.</summary>
    public const string AlreadyInfused = "COC009";

    /// <summary>An infusion from a lot held here was entered outside the gate (error: record it with the infusion gate).</summary>
    public const string BypassesGate = "COC010";

    /// <summary>An infusion from a lot not held here, entered as history without the gate's checks (warning).</summary>
    public const string Unchecked = "COC011";

    /// <summary>A custody event id already used for the same bag (ids are unique within their bag).</summary>
    public const string DuplicateEvent = "COC012";

    /// <summary>The endotoxin the infusion would give exceeds 5 EU per kg (Ph. Eur. 5.1.10), or cannot be computed from the lot's results.</summary>
    public const string EndotoxinDose = "COC013";

    /// <summary>The dose needs more cells than the bag holds.</summary>
    public const string DoseExceedsBag = "COC014";
}

/// <summary>What happened to a bag at a handoff.</summary>
public enum CustodyEventKind
{
    /// <summary>Released from the cell factory's store.</summary>
    Dispensed,

    /// <summary>Sent.</summary>
    Shipped,

    /// <summary>Received.</summary>
    Received,

    /// <summary>Thawed (cryopreserved products).</summary>
    Thawed,

    /// <summary>At the patient's bedside, identity checked.</summary>
    AtBedside,

    /// <summary>Infused.</summary>
    Infused,
}

/// <summary>One custody event of a bag: an immutable entry of the log.</summary>
/// <param name="Id">Event id.</param>
/// <param name="ScannedItemId">What was scanned (the bag id or its DIN).</param>
/// <param name="Kind">What happened.</param>
/// <param name="From">Custodian handing over.</param>
/// <param name="To">Custodian taking over.</param>
/// <param name="At">When.</param>
/// <param name="Location">Where.</param>
/// <param name="TemperatureC">Temperature logged, if any (°C).</param>
/// <param name="SealIntact">Whether the seal was intact.</param>
/// <param name="Witness">Second person, where the step needs one.</param>
public sealed record CustodyEvent(
    string Id, string ScannedItemId, CustodyEventKind Kind, string From, string To, DateTimeOffset At, string Location, double? TemperatureC = null, bool SealIntact = true, string? Witness = null);

/// <summary>
/// Chain of custody and the infusion gate (research/platform.md §3.5): every handoff's sender is the previous receiver, events run
/// forward in time, every scan matches the bag, and an infusion is recorded only for a released, unexpired lot's bag dispensed
/// for this patient that reached the bedside — otherwise it is refused with every reason, and nothing is written.
/// </summary>
public static class Custody
{
    /// <summary>The temperatures a cell product can be handled at: liquid nitrogen (−196 °C) to a warm room; outside is a typing error.</summary>
    public static readonly (double Low, double High) PossibleTemperatureC = (-200, 45);

    /// <summary>Every break in a bag's custody chain (empty when the chain is whole).</summary>
    public static ImmutableArray<Issue> Check(Bag bag, IReadOnlyList<CustodyEvent> events, (double Low, double High)? temperatureRangeC = null)
    {
        ArgumentNullException.ThrowIfNull(bag);
        ArgumentNullException.ThrowIfNull(events);
        var issues = ImmutableArray.CreateBuilder<Issue>();
        CustodyEvent? previous = null;
        foreach (var e in events)
        {
            var where = $"bag {bag.Id} custody {e.Id}";
            if (e.ScannedItemId != bag.Id && e.ScannedItemId != bag.Din.Value)
            {
                issues.Add(Issue.Error(CustodyIssues.ScanMismatch, where, $"Expected a scan of bag {bag.Id} (DIN {bag.Din.Value}); found '{e.ScannedItemId}'."));
            }

            if (previous is not null && e.At < previous.At)
            {
                issues.Add(Issue.Error(CustodyIssues.OutOfOrder, where, $"Expected a time after {previous.Id} ({IsoTime.Shown(previous.At)}); found {IsoTime.Shown(e.At)}."));
            }

            if (previous is not null && !string.Equals(e.From, previous.To, StringComparison.Ordinal))
            {
                issues.Add(Issue.Error(CustodyIssues.Gap, where, $"Expected the handoff from {previous.To}, who received it at {previous.Id}; found it from {e.From}."));
            }

            if (!e.SealIntact)
            {
                issues.Add(Issue.Error(CustodyIssues.Condition, where, $"Expected the seal intact; it was broken."));
            }

            if (e.TemperatureC is { } impossible && (!double.IsFinite(impossible) || impossible < PossibleTemperatureC.Low || impossible > PossibleTemperatureC.High))
            {
                issues.Add(Issue.Error(CustodyIssues.Condition, where,
                    $"Expected a temperature a cell product can be handled at ({PossibleTemperatureC.Low} °C, liquid nitrogen, to {PossibleTemperatureC.High} °C); found {impossible} °C. Check the value and its unit."));
            }
            else if (temperatureRangeC is { } range && e.TemperatureC is { } t && (t < range.Low || t > range.High))
            {
                issues.Add(Issue.Error(CustodyIssues.Condition, where, $"Expected {range.Low}–{range.High} °C; found {t} °C."));
            }

            previous = e;
        }

        return issues.ToImmutable();
    }

    /// <summary>
    /// Whether an infusion of this bag may be recorded for this patient at this time: the lot released, not expired, the bag
    /// dispensed for the patient, its custody whole and at the bedside before the infusion. Every failing condition is returned.
    /// </summary>
    public static ImmutableArray<Issue> CheckInfusion(MscLot lot, ReleaseDecision release, Bag bag, string patientId, DateTimeOffset infusedAt, IReadOnlyList<CustodyEvent> events)
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(bag);
        ArgumentNullException.ThrowIfNull(events);
        var issues = ImmutableArray.CreateBuilder<Issue>();
        var where = $"infusion of bag {bag.Id}";
        if (release.LotId != lot.Id || !release.Released)
        {
            issues.Add(Issue.Error(CustodyIssues.NotReleased, where,
                $"Expected lot {lot.Id} released; {(release.LotId != lot.Id ? $"the decision given is for lot {release.LotId}" : $"not released: {release.Refusal}")}."));
        }

        if (LotStatus.IsExpired(lot, infusedAt))
        {
            issues.Add(Issue.Error(CustodyIssues.Expired, where, $"Expected an infusion before the lot's expiry {IsoTime.Shown(lot.ExpiresAt)}; found {IsoTime.Shown(infusedAt)}."));
        }

        if (!lot.Bags.Any(b => b.Id == bag.Id))
        {
            issues.Add(Issue.Error(CustodyIssues.ScanMismatch, where, $"Expected a bag of lot {lot.Id}; {bag.Id} is not one."));
        }

        if (bag.AllocatedToPatientId != patientId)
        {
            issues.Add(Issue.Error(CustodyIssues.WrongPatient, where,
                $"Expected a bag dispensed for {patientId}; {bag.Id} was {(bag.AllocatedToPatientId is null ? "dispensed for no patient" : $"dispensed for {bag.AllocatedToPatientId}")}."));
        }

        if (events.FirstOrDefault(e => e.Kind == CustodyEventKind.Infused) is { } infused)
        {
            issues.Add(Issue.Error(CustodyIssues.AlreadyInfused, where, $"Expected a bag not yet infused; {bag.Id} was infused at {IsoTime.Shown(infused.At)} ({infused.Id})."));
        }

        var before = events.Where(e => e.At <= infusedAt).ToList();
        issues.AddRange(Check(bag, before));
        if (!before.Any(e => e.Kind == CustodyEventKind.AtBedside))
        {
            issues.Add(Issue.Error(CustodyIssues.NotAtBedside, where, $"Expected a bedside identity check of {bag.Id} before {IsoTime.Shown(infusedAt)}; there is none."));
        }

        return issues.ToImmutable();
    }

    /// <summary>
    /// The endotoxin an infusion gives, from the lot's endotoxin result (EU/mL) and the volume drawn from the bag for the dose
    /// (<paramref name="totalCells"/> ÷ the bag's cells per mL), per kg of the patient's <paramref name="weight"/>: refused above
    /// <see cref="EndotoxinLimitPerKilogram"/>, or when the lot has no numeric endotoxin result in [EU]/mL to compute it from.
    /// </summary>
    /// <remarks>
    /// Ph. Eur. 5.1.10 (guidelines for using the test for bacterial endotoxins): the endotoxin limit of a parenteral preparation is
    /// K/M, with K = 5 EU/kg the threshold pyrogenic dose for any route but intrathecal and M the maximum dose per kg given in one
    /// hour. The infusion's duration is not recorded, so the whole dose is taken as given within the hour: the check is conservative.
    /// </remarks>
    public static Issue? CheckEndotoxinDose(ReleaseDecision release, Bag bag, double totalCells, Quantities.Weight weight)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(bag);
        var where = $"infusion of bag {bag.Id}";
        var results = release.Verdicts.Where(v => v.Test.Category == TestCategory.Endotoxin && v.Result?.Value is not null && v.Result.Unit == "[EU]/mL")
            .Select(v => v.Result!.Value!.Value).ToList();
        if (results.Count == 0)
        {
            return Issue.Error(CustodyIssues.EndotoxinDose, where, $"Expected an endotoxin result of lot {release.LotId} in [EU]/mL to compute the endotoxin per kg of this infusion; there is none.");
        }

        var volumeMl = totalCells / bag.CellsPerMl;
        var perKilogram = results.Max() * volumeMl / weight.Kilograms;
        return perKilogram > EndotoxinLimitPerKilogram
            ? Issue.Error(CustodyIssues.EndotoxinDose, where,
                $"Expected at most {EndotoxinLimitPerKilogram} EU/kg (Ph. Eur. 5.1.10); this infusion gives {perKilogram:0.###} EU/kg ({results.Max():0.###} EU/mL × {volumeMl:0.#} mL ÷ {weight.Kilograms:0.#} kg).")
            : null;
    }

    /// <summary>Whether the bag holds the dose: the total cells it needs, at most the bag's cells (COC014 with the volume it would take).</summary>
    public static Issue? CheckDoseFitsBag(Bag bag, double totalCells)
    {
        ArgumentNullException.ThrowIfNull(bag);
        return totalCells <= bag.Cells ? null : Issue.Error(CustodyIssues.DoseExceedsBag, $"infusion of bag {bag.Id}",
            $"Expected a dose the bag holds, at most {Text.ClinicalFormat.Quantity(bag.Cells, "{cells}")} in {bag.VolumeMl:0.#} mL; this dose needs {Text.ClinicalFormat.Quantity(totalCells, "{cells}")} ({totalCells / bag.CellsPerMl:0.#} mL).");
    }

    /// <summary>The threshold pyrogenic dose K of Ph. Eur. 5.1.10 for routes other than intrathecal (EU per kg per hour).</summary>
    public const double EndotoxinLimitPerKilogram = 5;
}
