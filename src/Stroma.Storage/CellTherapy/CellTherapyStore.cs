using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.Biopsy;
using Stroma.Core.CellProducts;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Safety;
using Stroma.Storage.CellTherapy;
using Stroma.Storage.Course;

namespace Stroma.Storage;

/// <summary>A stored lot: the lot, the specification it is judged against, and its release results.</summary>
/// <param name="Lot">The lot with its bags.</param>
/// <param name="Specification">The specification version in force.</param>
/// <param name="Results">Release results.</param>
public sealed record StoredLot(MscLot Lot, ReleaseSpecification Specification, ImmutableArray<ReleaseResult> Results)
{
    /// <summary>The release decision, recomputed from the stored results.</summary>
    public ReleaseDecision Decision => Release.Decide(Lot.Id, Specification, Results);
}

/// <summary>A patient's safety record and biopsies.</summary>
/// <param name="AdverseEvents">Adverse events.</param>
/// <param name="Vitals">Vital signs.</param>
/// <param name="Biopsies">Biopsy reports.</param>
public sealed record StoredCellTherapyRecord(ImmutableArray<AdverseEvent> AdverseEvents, ImmutableArray<VitalSigns> Vitals, ImmutableArray<BiopsyReport> Biopsies);

/// <summary>Cell product, safety and biopsy records: every write one audited transaction, refused whole when anything is wrong.</summary>
public sealed partial class StromaStore
{
    /// <summary>A lot id already stored (error).</summary>
    public const string LotExists = "LOT001";

    /// <summary>An adverse event, biopsy or vital-sign set already stored (error).</summary>
    public const string AlreadyStored = "REC001";

    /// <summary>No such lot or bag (error).</summary>
    public const string UnknownLot = "LOT002";

    private static readonly JsonSerializerOptions RecordJson = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Stores a new lot with its bags, the specification version it is judged against, its release results and (optionally) its bags'
    /// custody events, in one transaction; a custody chain that breaks refuses the whole lot.
    /// </summary>
    public async Task<ReadResult<StoredLot>> SaveLotAsync(
        MscLot lot, ReleaseSpecification specification, IEnumerable<ReleaseResult> results, IReadOnlyDictionary<string, ImmutableArray<CustodyEvent>>? custody = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(results);
        await using var db = Context();
        if (await db.Lots.AnyAsync(l => l.Id == lot.Id, cancellationToken))
        {
            return ReadResult.Failed<StoredLot>([Issue.Error(LotExists, $"lot {lot.Id}", $"Expected a new lot; {lot.Id} is already stored (results are added, a lot is not replaced).")]);
        }

        var chainIssues = (custody ?? ImmutableDictionary<string, ImmutableArray<CustodyEvent>>.Empty)
            .SelectMany(c => lot.Bags.FirstOrDefault(b => b.Id == c.Key) is { } bag
                ? Custody.Check(bag, c.Value)
                : [Issue.Error(UnknownLot, $"bag {c.Key}", $"Expected custody events of the lot's bags; {c.Key} is not one.")])
            .ToList();
        var allocated = lot.Bags.Select(b => b.AllocatedToPatientId).OfType<string>().Distinct().ToList();
        var known = await db.Patients.Where(p => allocated.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        chainIssues.AddRange(lot.Bags.Where(b => b.AllocatedToPatientId is { } p && !known.Contains(p))
            .Select(b => Issue.Error(UnknownLot, $"bag {b.Id}", $"Expected a bag dispensed for a stored patient; {b.AllocatedToPatientId} does not exist.")));
        if (chainIssues.Count > 0)
        {
            return ReadResult.Failed<StoredLot>(chainIssues);
        }

        foreach (var (bagId, events) in custody ?? ImmutableDictionary<string, ImmutableArray<CustodyEvent>>.Empty)
        {
            db.CustodyEvents.AddRange(events.Select(e => CustodyRow(bagId, e)));
        }

        var (made, madeOffset) = CourseRows.Split(lot.ManufacturedAt);
        var (expires, expiresOffset) = CourseRows.Split(lot.ExpiresAt);
        db.Lots.Add(new MscLotRow
        {
            Id = lot.Id, DonorId = lot.Donor.Id, DonorKind = lot.Donor.Kind.ToString(), DonorHla = lot.Donor.Hla, SourceTissue = lot.SourceTissue, Passage = lot.Passage,
            Preservation = lot.Preservation.ToString(), ManufacturedAtUtc = made, ManufacturedAtOffsetMinutes = madeOffset, ExpiresAtUtc = expires, ExpiresAtOffsetMinutes = expiresOffset,
            Site = lot.Site, SpecificationId = specification.Id, SpecificationVersion = specification.Version, SpecificationJson = JsonSerializer.Serialize(specification, RecordJson),
        });
        db.Bags.AddRange(lot.Bags.Select(b => new BagRow
        {
            Id = b.Id, LotId = lot.Id, Din = b.Din.Value, ProductCode = b.ProductCode, Division = b.Division, Cells = b.Cells, VolumeMl = b.VolumeMl, AllocatedToPatientId = b.AllocatedToPatientId,
        }));
        var stored = results.ToImmutableArray();
        db.ReleaseResults.AddRange(stored.Select((r, i) =>
        {
            var (at, offset) = CourseRows.Split(r.At);
            return new ReleaseResultRow { Id = FormattableString.Invariant($"{lot.Id}-r{i + 1:0000}"), LotId = lot.Id, Code = r.Code, Value = r.Value, Text = r.Text, Unit = r.Unit, AtUtc = at, AtOffsetMinutes = offset };
        }));
        await db.SaveChangesAsync(cancellationToken);
        return ReadResult.Of(new StoredLot(lot, specification, stored));
    }

    /// <summary>A stored lot, or null.</summary>
    public async Task<StoredLot?> LoadLotAsync(string lotId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var row = await db.Lots.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lotId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var bags = await db.Bags.AsNoTracking().Where(b => b.LotId == lotId).OrderBy(b => b.Id).ToListAsync(cancellationToken);
        var results = await db.ReleaseResults.AsNoTracking().Where(r => r.LotId == lotId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var lot = new MscLot(row.Id, new CellDonor(row.DonorId, Enum.Parse<DonorKind>(row.DonorKind), row.DonorHla), row.SourceTissue, row.Passage, Enum.Parse<Preservation>(row.Preservation),
            CourseRows.Join(row.ManufacturedAtUtc, row.ManufacturedAtOffsetMinutes), CourseRows.Join(row.ExpiresAtUtc, row.ExpiresAtOffsetMinutes), row.Site,
            [.. bags.Select(ToBag)]);
        return new StoredLot(lot, JsonSerializer.Deserialize<ReleaseSpecification>(row.SpecificationJson, RecordJson)!,
            [.. results.Select(r => new ReleaseResult(r.Code, r.Value, r.Text, r.Unit, CourseRows.Join(r.AtUtc, r.AtOffsetMinutes)))]);
    }

    /// <summary>The lot a stored bag belongs to, or null.</summary>
    public async Task<string?> LotOfBagAsync(string bagId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await db.Bags.Where(b => b.Id == bagId).Select(b => b.LotId).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Adds custody events of a bag; refused whole when the chain (stored events and these) breaks.</summary>
    public async Task<ReadResult<int>> AddCustodyAsync(string bagId, IReadOnlyList<CustodyEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var db = Context();
        var bagRow = await db.Bags.AsNoTracking().SingleOrDefaultAsync(b => b.Id == bagId, cancellationToken);
        if (bagRow is null)
        {
            return ReadResult.Failed<int>([Issue.Error(UnknownLot, $"bag {bagId}", $"Expected a stored bag; {bagId} is not one.")]);
        }

        var existing = await CustodyOfAsync(db, bagId, cancellationToken);
        var bag = ToBag(bagRow);
        var issues = Custody.Check(bag, [.. existing, .. events.OrderBy(e => e.At)]);
        if (!issues.IsEmpty)
        {
            return ReadResult.Failed<int>(issues);
        }

        db.CustodyEvents.AddRange(events.Select(e => CustodyRow(bagId, e)));
        await db.SaveChangesAsync(cancellationToken);
        return ReadResult.Of(events.Count);
    }

    /// <summary>A bag's custody events in time order.</summary>
    public async Task<ImmutableArray<CustodyEvent>> LoadCustodyAsync(string bagId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        return await CustodyOfAsync(db, bagId, cancellationToken);
    }

    /// <summary>
    /// Records an MSC infusion from a bag through the gate (<see cref="Custody.CheckInfusion"/>): released, in date, dispensed for this
    /// patient, custody whole and at the bedside. Refused with every reason and nothing written; accepted, the infusion and its
    /// "infused" custody event are written together.
    /// </summary>
    public async Task<ReadResult<MscInfusion>> RecordInfusionAsync(string patientId, MscInfusion infusion, string bagId, string infusedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(infusion);
        var stored = await LoadLotAsync(infusion.LotId, cancellationToken);
        var bag = stored?.Lot.Bags.FirstOrDefault(b => b.Id == bagId);
        if (stored is null || bag is null)
        {
            return ReadResult.Failed<MscInfusion>([Issue.Error(UnknownLot, $"infusion {infusion.Id}", $"Expected a stored lot {infusion.LotId} with bag {bagId}; there is none.")]);
        }

        var custody = await LoadCustodyAsync(bagId, cancellationToken);
        var issues = Custody.CheckInfusion(stored.Lot, stored.Decision, bag, patientId, infusion.At, custody);
        if (!issues.IsEmpty)
        {
            return ReadResult.Failed<MscInfusion>(issues);
        }

        await using var db = Context();
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            return ReadResult.Failed<MscInfusion>([Issue.Error(UnknownLot, $"infusion {infusion.Id}", $"Expected a stored patient; {patientId} does not exist.")]);
        }

        var last = custody.LastOrDefault();
        db.Infusions.Add(CourseRows.ToRow(patientId, infusion));
        db.CustodyEvents.Add(CustodyRow(bagId, new CustodyEvent($"{bagId}-infused-{infusion.Id}", bagId, CustodyEventKind.Infused, last?.To ?? infusedBy, infusedBy, infusion.At, last?.Location ?? "bedside")));
        await db.SaveChangesAsync(cancellationToken);
        return ReadResult.Of(infusion);
    }

    /// <summary>Stores adverse events, vital signs and biopsies of a patient; refused whole when any record is impossible.</summary>
    public async Task<ReadResult<int>> SaveCellTherapyRecordAsync(
        string patientId, IReadOnlyList<AdverseEvent> events, IReadOnlyList<VitalSigns> vitals, IReadOnlyList<BiopsyReport> biopsies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(vitals);
        ArgumentNullException.ThrowIfNull(biopsies);
        var issues = events.SelectMany(e => e.Validate()).Concat(biopsies.SelectMany(b => b.Validate())).ToList();
        await using var db = Context();
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, cancellationToken))
        {
            issues.Add(Issue.Error(UnknownLot, $"patient {patientId}", $"Expected a stored patient; {patientId} does not exist."));
        }

        // What is already stored is named, not left to a key violation: AE and biopsy ids, and a vital-sign set of the same infusion at the same time.
        var aeIds = events.Select(e => e.Id).ToList();
        var biopsyIds = biopsies.Select(b => b.Id).ToList();
        var infusionIds = vitals.Select(v => v.InfusionId).Distinct().ToList();
        issues.AddRange((await db.AdverseEvents.Where(e => aeIds.Contains(e.Id)).Select(e => e.Id).ToListAsync(cancellationToken))
            .Select(id => Issue.Error(AlreadyStored, $"adverse event {id}", $"Expected a new adverse event; {id} is already stored (an AE is amended, not re-imported).")));
        issues.AddRange((await db.Biopsies.Where(b => biopsyIds.Contains(b.Id)).Select(b => b.Id).ToListAsync(cancellationToken))
            .Select(id => Issue.Error(AlreadyStored, $"biopsy {id}", $"Expected a new biopsy report; {id} is already stored.")));
        var storedVitals = (await db.VitalSigns.Where(v => v.PatientId == patientId && infusionIds.Contains(v.InfusionId)).Select(v => new { v.InfusionId, v.AtUtc }).ToListAsync(cancellationToken))
            .Select(v => (v.InfusionId, v.AtUtc.UtcTicks)).ToHashSet();
        issues.AddRange(vitals.Where(v => storedVitals.Contains((v.InfusionId, v.At.UtcTicks)))
            .Select(v => Issue.Error(AlreadyStored, $"vital signs {v.InfusionId} {v.At:O}", $"Expected a new vital-sign set; one for {v.InfusionId} at {v.At:O} is already stored.")));
        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<int>(issues);
        }

        db.AdverseEvents.AddRange(events.Select(e =>
        {
            var (at, offset) = CourseRows.Split(e.Onset);
            return new AdverseEventRow { Id = e.Id, PatientId = patientId, Term = e.Term, Grade = e.Grade, Serious = e.IsSerious, OnsetUtc = at, OnsetOffsetMinutes = offset, RecordJson = JsonSerializer.Serialize(e, RecordJson) };
        }));
        db.VitalSigns.AddRange(vitals.Select((v, i) =>
        {
            var (at, offset) = CourseRows.Split(v.At);
            return new VitalSignsRow
            {
                Id = FormattableString.Invariant($"{v.InfusionId}-v{at:yyyyMMddHHmmss}-{i}"), PatientId = patientId, InfusionId = v.InfusionId, AtUtc = at, AtOffsetMinutes = offset, Phase = v.Phase.ToString(),
                TemperatureC = v.TemperatureC, HeartRate = v.HeartRate, SystolicMmHg = v.SystolicMmHg, DiastolicMmHg = v.DiastolicMmHg, RespiratoryRate = v.RespiratoryRate, SpO2Percent = v.SpO2Percent,
            };
        }));
        db.Biopsies.AddRange(biopsies.Select(b =>
        {
            var (at, offset) = CourseRows.Split(b.TakenAt);
            return new BiopsyRow { Id = b.Id, PatientId = patientId, TakenAtUtc = at, TakenAtOffsetMinutes = offset, BanffVersion = Banff.Version, StrSampleId = b.StrSampleId, ReportJson = JsonSerializer.Serialize(b, RecordJson) };
        }));
        await db.SaveChangesAsync(cancellationToken);
        return ReadResult.Of(events.Count + vitals.Count + biopsies.Count);
    }

    /// <summary>A patient's adverse events, vital signs and biopsies.</summary>
    public async Task<StoredCellTherapyRecord> LoadCellTherapyRecordAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        // Ordered here: SQLite cannot order by a DateTimeOffset column.
        var events = await db.AdverseEvents.AsNoTracking().Where(e => e.PatientId == patientId).ToListAsync(cancellationToken);
        var vitals = await db.VitalSigns.AsNoTracking().Where(v => v.PatientId == patientId).ToListAsync(cancellationToken);
        var biopsies = await db.Biopsies.AsNoTracking().Where(b => b.PatientId == patientId).ToListAsync(cancellationToken);
        return new StoredCellTherapyRecord(
            [.. events.OrderBy(e => e.OnsetUtc).Select(e => JsonSerializer.Deserialize<AdverseEvent>(e.RecordJson, RecordJson)!)],
            [.. vitals.OrderBy(v => v.AtUtc).ThenBy(v => v.Id, StringComparer.Ordinal).Select(v => new VitalSigns(v.InfusionId, CourseRows.Join(v.AtUtc, v.AtOffsetMinutes), Enum.Parse<InfusionPhase>(v.Phase), v.TemperatureC, v.HeartRate, v.SystolicMmHg, v.DiastolicMmHg, v.RespiratoryRate, v.SpO2Percent))],
            [.. biopsies.OrderBy(b => b.TakenAtUtc).Select(b => JsonSerializer.Deserialize<BiopsyReport>(b.ReportJson, RecordJson)!)]);
    }

    private static async Task<ImmutableArray<CustodyEvent>> CustodyOfAsync(StromaContext db, string bagId, CancellationToken cancellationToken)
    {
        var rows = await db.CustodyEvents.AsNoTracking().Where(c => c.BagId == bagId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.AtUtc).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => new CustodyEvent(
            r.Id, r.ScannedItemId, Enum.Parse<CustodyEventKind>(r.Kind), r.FromCustodian, r.ToCustodian, CourseRows.Join(r.AtUtc, r.AtOffsetMinutes), r.Location, r.TemperatureC, r.SealIntact, r.Witness))];
    }

    // Stored DINs were checked when written.
    private static Bag ToBag(BagRow b) => new(b.Id, Isbt128.Parse(b.Din).ValueOrThrow(), b.ProductCode, b.Division, b.Cells, b.VolumeMl, b.AllocatedToPatientId);

    private static CustodyEventRow CustodyRow(string bagId, CustodyEvent e)
    {
        var (at, offset) = CourseRows.Split(e.At);
        return new CustodyEventRow
        {
            Id = e.Id, BagId = bagId, ScannedItemId = e.ScannedItemId, Kind = e.Kind.ToString(), FromCustodian = e.From, ToCustodian = e.To, AtUtc = at, AtOffsetMinutes = offset,
            Location = e.Location, TemperatureC = e.TemperatureC, SealIntact = e.SealIntact, Witness = e.Witness,
        };
    }
}
