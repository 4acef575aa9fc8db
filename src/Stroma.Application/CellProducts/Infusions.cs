using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;
using Stroma.Storage;

namespace Stroma.Application.CellProducts;

/// <summary>An MSC infusion to record from a stored bag.</summary>
/// <param name="PatientId">The stored patient.</param>
/// <param name="Bag">The bag's id or its ISBT 128 DIN.</param>
/// <param name="LotId">The lot, when a bag id is used by several lots; otherwise null.</param>
/// <param name="At">Start of the infusion.</param>
/// <param name="CellsPerKilogram">Dose in cells/kg.</param>
/// <param name="WeightKilograms">Weight at infusion (kg).</param>
/// <param name="Id">The infusion's id (the patient's own), or null for the bag id.</param>
/// <param name="InfusedBy">Who infused (the custodian at the bedside).</param>
/// <param name="Route">Route of administration.</param>
/// <param name="Form">The form it was typed into, kept as its raw input under the infusion's id; null from the command line.</param>
public sealed record InfusionRequest(PatientId PatientId, string Bag, string? LotId, DateTimeOffset At, double CellsPerKilogram, double WeightKilograms, string? Id, string InfusedBy, string Route = "IV", Course.KeptForm<InfusionFields>? Form = null);

/// <summary>The infusion recorded and the bag it came from.</summary>
public sealed record RecordedInfusion(MscInfusion Infusion, BagLocation Bag);

/// <summary>
/// Records an MSC infusion through the infusion gate, the only way an infusion of a lot held here is written: the lot released and
/// in date, the bag dispensed for this patient and not yet infused, its custody whole to the bedside, the time within the patient's
/// record (not before birth, not in the future) — checked in the transaction that writes (<see cref="StromaStore.RecordInfusionAsync"/>).
/// </summary>
public static class Infusions
{
    /// <summary>The dose is not within (0, 1e9] cells/kg.</summary>
    public const string BadDose = "INFUSION001";

    /// <summary>Records the infusion; refused with every reason and nothing written. Issues name the request's fields (<c>bag</c>, <c>cellsPerKilogram</c>, <c>weightKg</c>).</summary>
    public static async Task<ReadResult<RecordedInfusion>> RecordAsync(StromaStore store, InfusionRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        var issues = new List<Issue>();
        if (!(request.CellsPerKilogram > 0 && request.CellsPerKilogram <= 1e9))
        {
            issues.Add(Issue.Error(BadDose, "cellsPerKilogram", $"Expected a dose in (0, 1e9] cells/kg; found {request.CellsPerKilogram}."));
        }

        var weight = Weight.Read(request.WeightKilograms, "kg", "weightKg");
        issues.AddRange(weight.Issues);
        var (bag, problem) = await FindBagAsync(store, request.Bag, request.LotId, ct);
        if (problem is not null)
        {
            issues.Add(problem);
        }

        if (issues.Any(i => i.Severity == Severity.Error) || bag is null)
        {
            return ReadResult.Failed<RecordedInfusion>(issues);
        }

        var infusion = MscInfusion.FromDosePerKilogram(request.Id ?? bag.BagId, request.At, bag.LotId, CellDose.FromCellsPerKilogram(request.CellsPerKilogram), weight.Value, request.Route);
        var recorded = await store.RecordInfusionAsync(request.PatientId, infusion, bag.BagId, request.InfusedBy, request.Form is { } form ? (form with { Record = infusion.Id }).ToInput() : null, ct);
        if (!recorded.HasErrors)
        {
            await Course.CaseReports.KeepDerivedAsync(store, request.PatientId, ct); // day 0 may have moved: the derived eGFR follows
        }

        return recorded.HasErrors
            ? ReadResult.Failed<RecordedInfusion>([.. issues, .. recorded.Issues])
            : ReadResult.Of(new RecordedInfusion(infusion, bag), [.. issues, .. recorded.Issues]);
    }

    /// <summary>The stored bag with this id or DIN (within <paramref name="lotId"/> when given), or why there is not exactly one (located at <c>bag</c>).</summary>
    public static async Task<(BagLocation? Bag, Issue? Problem)> FindBagAsync(StromaStore store, string bagOrDin, string? lotId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var bags = (await store.FindBagsAsync(bagOrDin, ct)).Where(b => lotId is null || b.LotId == lotId).ToList();
        return bags.Count switch
        {
            1 => (bags[0], null),
            0 => (null, Issue.Error(StromaStore.UnknownLot, "bag", $"Expected a stored bag id or DIN{(lotId is null ? string.Empty : $" of lot {lotId}")}; '{bagOrDin}' is none.")),
            _ => (null, Issue.Error(StromaStore.AmbiguousBag, "bag",
                $"Expected one bag; '{bagOrDin}' is a bag of lots {string.Join(", ", bags.Select(b => b.LotId))} (bag ids are unique within a lot): give the lot, or the bag's DIN.")),
        };
    }
}
