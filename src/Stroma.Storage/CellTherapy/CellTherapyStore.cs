using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage.CellTherapy;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>A stored lot: the lot, the specification it is judged against (and how that is held), and its release results.</summary>
/// <param name="Lot">The lot with its bags.</param>
/// <param name="Specification">The specification version it references.</param>
/// <param name="SpecificationStatus">Built in, approved or legacy: a legacy specification releases nothing.</param>
/// <param name="Results">Release results.</param>
public sealed record StoredLot(MscLot Lot, ReleaseSpecification Specification, SpecificationStatus SpecificationStatus, ImmutableArray<ReleaseResult> Results)
{
    /// <summary>The lot's release signatures, oldest first, each checked against the lot as stored.</summary>
    public IReadOnlyList<Core.Signatures.CheckedSignature> ReleaseSignatures { get; init; } = [];

    /// <summary>
    /// The release decision, recomputed from the stored results, with the qualified person's release signature (the newest valid one,
    /// else the newest): released only when the lot meets its specification and that signature holds.
    /// </summary>
    public ReleaseDecision Decision => Release.Decide(Lot.Id, Specification, Results, SpecificationStatus) with
    {
        ReleaseSignature = ReleaseSignatures.LastOrDefault(s => s.IsValid) ?? (ReleaseSignatures.Count > 0 ? ReleaseSignatures[^1] : null),
    };
}

/// <summary>A stored bag, found by its id or DIN.</summary>
/// <param name="LotId">Its lot.</param>
/// <param name="BagId">Its id within the lot.</param>
/// <param name="Din">Its DIN.</param>
public sealed record BagLocation(string LotId, string BagId, string Din);

/// <summary>Cell product records: every write one audited transaction, refused whole when anything is wrong.</summary>
public sealed partial class StromaStore
{
    /// <summary>A lot id already stored (error).</summary>
    public const string LotExists = "LOT001";

    /// <summary>No such lot or bag, or a bag dispensed for no stored patient (error).</summary>
    public const string UnknownLot = "LOT002";

    /// <summary>A DIN already stored for another bag, or a bag id twice in one lot (error).</summary>
    public const string DuplicateBag = "LOT003";

    /// <summary>A bag id held by several lots, given without its lot (error).</summary>
    public const string AmbiguousBag = "LOT004";

    /// <summary>
    /// Stores a new lot judged against the held specification it references: its bags, its release results (checked against the
    /// specification's tests and units, <see cref="Release.CheckResults"/>) and its bags' custody events, in one transaction; a custody
    /// chain that breaks, a DIN already stored, or a specification not held refuses the whole lot. Re-importing a stored lot is refused
    /// (LOT001): results and handoffs are added to a stored lot, a lot is not replaced. The <paramref name="source"/> file is kept with the
    /// lot (and names it in locations).
    /// </summary>
    public async Task<ReadResult<StoredLot>> SaveLotAsync(LotDocument document, KeptInput? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var lot = document.Lot;
        string Where(string path) => source is null ? $"lot {lot.Id} {path}" : $"{source.Input.Name} {path}";
        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (await db.Lots.AnyAsync(l => l.Id == lot.Id, cancellationToken))
        {
            return ReadResult.Failed<StoredLot>([Issue.Error(LotExists, $"lot {lot.Id}", $"Expected a new lot; {lot.Id} is already stored (results and handoffs are added to it, a lot is not replaced).")]);
        }

        var issues = new List<Issue>();
        var found = await FindSpecificationAsync(db, document.Specification, Where("$.specification"), releasableOnly: true, cancellationToken);
        issues.AddRange(found.Issues);
        var checkedResults = found.Value is { } held
            ? Release.CheckResults(held.Specification, document.Results, i => Where(FormattableString.Invariant($"$.results[{i}]")))
            : null;
        issues.AddRange(checkedResults?.Issues ?? []);

        foreach (var (bagId, events) in document.Custody)
        {
            issues.AddRange(lot.Bags.FirstOrDefault(b => b.Id == bagId) is { } bag
                ? [.. Custody.Check(bag, events), .. DuplicateEvents(bag, [], events)]
                : [Issue.Error(UnknownLot, $"bag {bagId}", $"Expected custody events of the lot's bags; {bagId} is not one.")]);
        }

        issues.AddRange(lot.Bags.GroupBy(b => b.Id, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => Issue.Error(DuplicateBag, $"lot {lot.Id} bag {g.Key}", $"Expected bag ids unique within the lot; {g.Key} appears {g.Count()} times.")));
        var dins = lot.Bags.Select(b => b.Din.Value).ToList();
        var storedDins = await db.Bags.AsNoTracking().Where(b => dins.Contains(b.Din)).Select(b => new { b.Din, b.LotId, b.Id }).ToListAsync(cancellationToken);
        issues.AddRange(storedDins.Select(d => Issue.Error(DuplicateBag, $"lot {lot.Id} DIN {d.Din}", $"Expected a new DIN (ISBT 128 DINs are unique); {d.Din} is already bag {d.Id} of lot {d.LotId}.")));
        var allocated = lot.Bags.Select(b => b.AllocatedToPatientId).OfType<string>().Distinct().ToList();
        var known = await db.Patients.Where(p => allocated.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        issues.AddRange(lot.Bags.Where(b => b.AllocatedToPatientId is { } p && !known.Contains(p))
            .Select(b => Issue.Error(UnknownLot, $"bag {b.Id}", $"Expected a bag dispensed for a stored patient; {b.AllocatedToPatientId} does not exist.")));
        if (issues.Any(i => i.Severity == Severity.Error) || found.Value is not { } specification || checkedResults?.Value is not { } results)
        {
            return ReadResult.Failed<StoredLot>(issues);
        }

        foreach (var (bagId, events) in document.Custody)
        {
            db.CustodyEvents.AddRange(events.Select(e => CustodyRow(lot.Id, bagId, e)));
        }

        var (made, madeOffset) = CourseRows.Split(lot.ManufacturedAt);
        var (expires, expiresOffset) = CourseRows.Split(lot.ExpiresAt);
        db.Lots.Add(new MscLotRow
        {
            Id = lot.Id, DonorId = lot.Donor.Id, DonorKind = lot.Donor.Kind.ToString(), DonorHla = lot.Donor.Hla, SourceTissue = lot.SourceTissue, Passage = lot.Passage,
            Preservation = lot.Preservation.ToString(), ManufacturedAtUtc = made, ManufacturedAtOffsetMinutes = madeOffset, ExpiresAtUtc = expires, ExpiresAtOffsetMinutes = expiresOffset,
            Site = lot.Site, SpecificationId = specification.Specification.Id, SpecificationVersion = specification.Specification.Version,
        });
        db.Bags.AddRange(lot.Bags.Select(b => new BagRow
        {
            Id = b.Id, LotId = lot.Id, Din = b.Din.Value, ProductCode = b.ProductCode, Division = b.Division, Cells = b.Cells, VolumeMl = b.VolumeMl, AllocatedToPatientId = b.AllocatedToPatientId,
        }));
        db.ReleaseResults.AddRange(results.Select((r, i) =>
        {
            var (at, offset) = CourseRows.Split(r.At);
            return new ReleaseResultRow { Id = FormattableString.Invariant($"{lot.Id}-r{i + 1:0000}"), LotId = lot.Id, Code = r.Code, Value = r.Value, Text = r.Text, Unit = r.Unit, AtUtc = at, AtOffsetMinutes = offset };
        }));
        if (source is not null)
        {
            await KeepInputAsync(db, source.Input, "application/json", source.Action, [("msc_lots", lot.Id)], cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ReadResult.Of(new StoredLot(lot, specification.Specification, specification.Status, results), issues);
    }

    /// <summary>A stored lot, or null.</summary>
    public async Task<StoredLot?> LoadLotAsync(string lotId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await LoadLotAsync(db, lotId, cancellationToken);
    }

    private static async Task<StoredLot?> LoadLotAsync(StromaContext db, string lotId, CancellationToken cancellationToken)
    {
        var row = await db.Lots.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lotId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var bags = await db.Bags.AsNoTracking().Where(b => b.LotId == lotId).OrderBy(b => b.Id).ToListAsync(cancellationToken);
        var results = await db.ReleaseResults.AsNoTracking().Where(r => r.LotId == lotId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var specification = await db.Specifications.AsNoTracking().SingleAsync(s => s.Id == row.SpecificationId && s.Version == row.SpecificationVersion, cancellationToken);
        var held = ToHeld(specification, 0);
        var lot = new MscLot(row.Id, new CellDonor(row.DonorId, Enum.Parse<DonorKind>(row.DonorKind), row.DonorHla), row.SourceTissue, row.Passage, Enum.Parse<Preservation>(row.Preservation),
            CourseRows.Join(row.ManufacturedAtUtc, row.ManufacturedAtOffsetMinutes), CourseRows.Join(row.ExpiresAtUtc, row.ExpiresAtOffsetMinutes), row.Site,
            [.. bags.Select(ToBag)]);
        var releases = await db.Set<Signatures.SignatureRow>().AsNoTracking()
            .Where(s => s.TableName == SignedRecord.LotTable && s.PatientId == null && s.RecordId == lotId && s.Meaning == "release").ToListAsync(cancellationToken);
        return new StoredLot(lot, held.Specification, held.Status,
            [.. results.Select(r => new ReleaseResult(r.Code, r.Value, r.Text, r.Unit, CourseRows.Join(r.AtUtc, r.AtOffsetMinutes)))])
        {
            ReleaseSignatures = await CheckAsync(db, releases, cancellationToken),
        };
    }

    /// <summary>The stored bags a scanned or typed identifier names: the bag with this DIN, or every bag with this id (one per lot).</summary>
    public async Task<IReadOnlyList<BagLocation>> FindBagsAsync(string bagOrDin, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var din = Isbt128.Parse(bagOrDin).Value?.Value;
        return await db.Bags.AsNoTracking().Where(b => b.Id == bagOrDin || b.Din == bagOrDin || b.Din == din).OrderBy(b => b.LotId)
            .Select(b => new BagLocation(b.LotId, b.Id, b.Din)).ToListAsync(cancellationToken);
    }

    /// <summary>Adds custody events of a bag of a lot; refused whole when the chain (stored events and these) breaks or an event id is taken.</summary>
    public async Task<ReadResult<int>> AddCustodyAsync(string lotId, string bagId, IReadOnlyList<CustodyEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var bagRow = await db.Bags.AsNoTracking().SingleOrDefaultAsync(b => b.LotId == lotId && b.Id == bagId, cancellationToken);
        if (bagRow is null)
        {
            return ReadResult.Failed<int>([Issue.Error(UnknownLot, $"bag {bagId}", $"Expected a stored bag of lot {lotId}; {bagId} is not one.")]);
        }

        var existing = await CustodyOfAsync(db, lotId, bagId, cancellationToken);
        var bag = ToBag(bagRow);
        var issues = Custody.Check(bag, [.. existing, .. events.OrderBy(e => e.At)]).AddRange(DuplicateEvents(bag, existing, events));
        if (!issues.IsEmpty)
        {
            return ReadResult.Failed<int>(issues);
        }

        db.CustodyEvents.AddRange(events.Select(e => CustodyRow(lotId, bagId, e)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ReadResult.Of(events.Count);
    }

    /// <summary>A bag's custody events in time order.</summary>
    public async Task<ImmutableArray<CustodyEvent>> LoadCustodyAsync(string lotId, string bagId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await CustodyOfAsync(db, lotId, bagId, cancellationToken);
    }

    /// <summary>
    /// Records an MSC infusion from a bag of <see cref="MscInfusion.LotId"/> through the gate (<see cref="Custody.CheckInfusion"/>):
    /// released, in date, dispensed for this patient, not yet infused, custody whole and at the bedside. The gate's reads and its write
    /// are one transaction holding the writers' lock (<see cref="StromaContext.BeginWriteAsync"/>), so two concurrent infusions of one
    /// bag cannot both pass. Refused with every reason and nothing written; accepted, the infusion and its "infused" custody event are
    /// written together.
    /// </summary>
    public async Task<ReadResult<MscInfusion>> RecordInfusionAsync(string patientId, MscInfusion infusion, string bagId, string infusedBy, Core.RawInput? form = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(infusion);
        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var stored = await LoadLotAsync(db, infusion.LotId, cancellationToken);
        var bag = stored?.Lot.Bags.FirstOrDefault(b => b.Id == bagId);
        if (stored is null || bag is null)
        {
            return ReadResult.Failed<MscInfusion>([Issue.Error(UnknownLot, $"infusion {infusion.Id}", $"Expected a stored lot {infusion.LotId} with bag {bagId}; there is none.")]);
        }

        var custody = await CustodyOfAsync(db, infusion.LotId, bagId, cancellationToken);
        var issues = Custody.CheckInfusion(stored.Lot, stored.Decision, bag, patientId, infusion.At, custody).ToList();
        if (Custody.CheckDoseFitsBag(bag, infusion.TotalCells) is { } tooMuch)
        {
            issues.Add(tooMuch);
        }
        else if (Custody.CheckEndotoxinDose(stored.Decision, bag, infusion.TotalCells, infusion.WeightAtInfusion) is { } endotoxin)
        {
            issues.Add(endotoxin);
        }

        var birthDate = await db.Patients.Where(p => p.Id == patientId).Select(p => (DateOnly?)p.BirthDate).SingleOrDefaultAsync(cancellationToken);
        if (birthDate is null)
        {
            issues.Add(Issue.Error(UnknownLot, $"infusion {infusion.Id}", $"Expected a stored patient; {patientId} does not exist."));
        }
        else
        {
            // Not before the patient's birth, not in the future: the same window as every dated record of the patient.
            if (new RecordWindow(birthDate, DateTimeOffset.UtcNow).Check(infusion.At, $"infusion {infusion.Id}", "start of the infusion") is { } outside)
            {
                issues.Add(outside);
            }

            if (await db.Infusions.AnyAsync(i => i.PatientId == patientId && i.Id == infusion.Id, cancellationToken))
            {
                issues.Add(Issue.Error(AlreadyStored, $"infusion {infusion.Id}", $"Expected a new infusion id for {patientId}; {infusion.Id} is already stored."));
            }
        }

        if (issues.Count > 0)
        {
            return ReadResult.Failed<MscInfusion>(issues);
        }

        var last = custody.LastOrDefault();
        db.Infusions.Add(CourseRows.ToRow(patientId, infusion));
        db.CustodyEvents.Add(CustodyRow(infusion.LotId, bagId, new CustodyEvent($"{bagId}-infused-{infusion.Id}", bagId, CustodyEventKind.Infused, last?.To ?? infusedBy, infusedBy, infusion.At, last?.Location ?? "bedside")));
        await KeepInputAsync(db, form, "application/json", "add", [(TableOf(PatientRecordKind.Infusion), RecordKey(patientId, infusion.Id))], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ReadResult.Of(infusion);
    }

    // Event ids are unique within their bag: against the stored chain and within the new events.
    private static IEnumerable<Issue> DuplicateEvents(Bag bag, IReadOnlyList<CustodyEvent> stored, IReadOnlyList<CustodyEvent> added)
    {
        var taken = stored.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var e in added)
        {
            if (!taken.Add(e.Id))
            {
                yield return Issue.Error(CustodyIssues.DuplicateEvent, $"bag {bag.Id} custody {e.Id}", $"Expected a new event id for bag {bag.Id}; {e.Id} is already {(stored.Any(s => s.Id == e.Id) ? "stored" : "given")}.");
            }
        }
    }

    private static async Task<ImmutableArray<CustodyEvent>> CustodyOfAsync(StromaContext db, string lotId, string bagId, CancellationToken cancellationToken)
    {
        var rows = await db.CustodyEvents.AsNoTracking().Where(c => c.LotId == lotId && c.BagId == bagId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.AtUtc).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => new CustodyEvent(
            r.Id, r.ScannedItemId, Enum.Parse<CustodyEventKind>(r.Kind), r.FromCustodian, r.ToCustodian, CourseRows.Join(r.AtUtc, r.AtOffsetMinutes), r.Location, r.TemperatureC, r.SealIntact, r.Witness))];
    }

    // Stored DINs were checked when written.
    private static Bag ToBag(BagRow b) => new(b.Id, Isbt128.Parse(b.Din).ValueOrThrow(), b.ProductCode, b.Division, b.Cells, b.VolumeMl, b.AllocatedToPatientId);

    private static CustodyEventRow CustodyRow(string lotId, string bagId, CustodyEvent e)
    {
        var (at, offset) = CourseRows.Split(e.At);
        return new CustodyEventRow
        {
            Id = e.Id, LotId = lotId, BagId = bagId, ScannedItemId = e.ScannedItemId, Kind = e.Kind.ToString(), FromCustodian = e.From, ToCustodian = e.To, AtUtc = at, AtOffsetMinutes = offset,
            Location = e.Location, TemperatureC = e.TemperatureC, SealIntact = e.SealIntact, Witness = e.Witness,
        };
    }
}
