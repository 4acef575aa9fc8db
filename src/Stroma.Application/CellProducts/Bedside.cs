using System.Collections.Immutable;
using Stroma.Core.CellProducts;
using Stroma.Core.Diagnostics;
using Stroma.Storage;
using Stroma.Core.Course;

namespace Stroma.Application.CellProducts;

/// <summary>One of the gate's four conditions at the bedside, with whether it holds and the reasons it does not.</summary>
/// <param name="Name">released, in date, dispensed for this patient, custody whole.</param>
/// <param name="Holds">Whether it holds.</param>
/// <param name="Reasons">Every reason it does not (empty when it holds).</param>
public sealed record BedsideCondition(string Name, bool Holds, ImmutableArray<Issue> Reasons);

/// <summary>The gate's verdict on a scanned bag for a patient, now: the bag found and each condition.</summary>
/// <param name="Bag">The bag the DIN names.</param>
/// <param name="Lot">Its lot.</param>
/// <param name="Conditions">Released, in date, dispensed for this patient, custody whole — in that order.</param>
public sealed record BedsideVerdict(BagLocation Bag, StoredLot Lot, ImmutableArray<BedsideCondition> Conditions)
{
    /// <summary>Whether the bag may be infused into this patient now.</summary>
    public bool MayInfuse => Conditions.All(c => c.Holds);
}

/// <summary>
/// The bedside check before an infusion: the scanned DIN read as ISBT 128 (its check character verified), the bag found, then the
/// infusion gate's own checks (<see cref="Custody.CheckInfusion"/>) for this patient at this time, without writing — each reason
/// placed under the condition it breaks. The infusion itself is recorded through the gate (<see cref="InfusionEntries"/>), which
/// checks again in the transaction that writes.
/// </summary>
public static class Bedside
{
    /// <summary>The scanned text is not a DIN of a stored bag (error, located at <c>din</c>).</summary>
    public const string UnknownBag = StromaStore.UnknownLot;

    /// <summary>Reads the scanned DIN and checks the bag for the patient now; refused (no verdict) for a malformed DIN or an unknown bag.</summary>
    /// <param name="store">The store (read only).</param>
    /// <param name="patientId">The patient at the bedside.</param>
    /// <param name="scanned">What the scanner typed (the DIN, with or without its flag and check character as printed).</param>
    /// <param name="now">The time of the check.</param>
    /// <param name="ct">Cancels the reads.</param>
    public static async Task<ReadResult<BedsideVerdict>> CheckAsync(StromaStore store, PatientId patientId, string? scanned, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var text = (scanned ?? string.Empty).Trim();
        var din = Isbt128.Parse(text, "din");
        if (din.HasErrors || din.Value is not { } parsed)
        {
            return ReadResult.Failed<BedsideVerdict>(din.Issues);
        }

        var bags = await store.FindBagsAsync(parsed.Value, ct);
        if (bags.Count != 1 || await store.LoadLotAsync(bags[0].LotId, ct) is not { } lot || lot.Lot.Bags.FirstOrDefault(b => b.Id == bags[0].BagId) is not { } bag)
        {
            return ReadResult.Failed<BedsideVerdict>([Issue.Error(UnknownBag, "din", $"Expected the DIN of a stored bag; no bag has the DIN {parsed.Value} ({parsed}).")]);
        }

        var custody = await store.LoadCustodyAsync(lot.Lot.Id, bag.Id, ct);
        var reasons = Custody.CheckInfusion(lot.Lot, lot.Decision, bag, patientId, now, custody);
        ImmutableArray<Issue> Of(params string[] codes) => [.. reasons.Where(r => codes.Contains(r.Code))];
        BedsideCondition Condition(string name, ImmutableArray<Issue> why) => new(name, why.IsEmpty, why);
        return ReadResult.Of(new BedsideVerdict(bags[0], lot,
        [
            Condition("released", Of(CustodyIssues.NotReleased)),
            Condition("in date", Of(CustodyIssues.Expired)),
            Condition("dispensed for this patient", Of(CustodyIssues.WrongPatient)),
            Condition("custody whole", [.. reasons.Where(r => r.Code is not (CustodyIssues.NotReleased or CustodyIssues.Expired or CustodyIssues.WrongPatient))]),
        ]), din.Issues);
    }
}
