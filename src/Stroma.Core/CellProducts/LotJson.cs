using System.Collections.Immutable;
using System.Text.Json;
using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Core.CellProducts;

/// <summary>Stable issue codes for lot files.</summary>
public static class LotJsonIssues
{
    /// <summary>Not well-formed JSON, or not the lot document's shape (missing required or unknown property).</summary>
    public const string Malformed = "LOTJSON001";

    /// <summary>An invalid value (a bad DIN, a time without offset, an unknown kind, an impossible number).</summary>
    public const string BadValue = "LOTJSON002";

    /// <summary>The lot file carries a specification of its own: specifications are imported with <c>stroma spec import</c> and referenced.</summary>
    public const string InlineSpecification = "LOTJSON003";

    /// <summary>Two bags with one id or one DIN, or two custody events of one bag with one id.</summary>
    public const string DuplicateId = "LOTJSON004";
}

/// <summary>What a lot file holds: the lot, the specification it references, its release results and its bags' custody events.</summary>
/// <param name="Lot">The lot with its bags.</param>
/// <param name="Specification">The held specification it is judged against.</param>
/// <param name="Results">Release results, in file order.</param>
/// <param name="Custody">Custody events per bag id, in time order.</param>
public sealed record LotDocument(MscLot Lot, SpecificationReference Specification, ImmutableArray<ReleaseResult> Results, ImmutableDictionary<string, ImmutableArray<CustodyEvent>> Custody);

/// <summary>
/// Reads a lot file (camelCase JSON; unknown properties are errors; times ISO 8601 with an offset): <c>lot</c> (with <c>donor</c> and
/// <c>bags</c>, each bag's <c>din</c> checked as ISBT 128, bag ids and DINs unique), <c>specification</c> (a reference to a held
/// specification: <c>{ "id", "version" }</c>, or the id alone), <c>results</c>, and <c>custody</c> events (ids unique per bag), whose
/// chains are checked per bag. A specification written into the lot file is refused: specifications are QA-approved master data,
/// imported with <c>stroma spec import</c>. Every problem is reported with its JSON path; nothing is returned when anything is wrong.
/// </summary>
public static class LotJson
{
    /// <summary>The highest passage a lot may have: MSCs senesce long before it (clinical lots are usually passage 2–5).</summary>
    public const int MaximumPassage = 50;

    /// <summary>Reads a lot file.</summary>
    public static ReadResult<LotDocument> Read(ReadOnlySpan<byte> json, string fileName)
    {
        var parsed = StrictJson.Read<Document>(json, fileName, LotJsonIssues.Malformed, "a lot document");
        if (parsed.Value is not { } d)
        {
            return ReadResult.Failed<LotDocument>(parsed.Issues);
        }

        var issues = new List<Issue>();
        var fields = new JsonFields(fileName, LotJsonIssues.BadValue, issues);
        string P(FormattableString path) => FormattableString.Invariant(path);

        var bags = d.Lot.Bags.Select((b, i) =>
        {
            var din = Isbt128.Parse(b.Din, $"{fileName} $.lot.bags[{i}].din");
            issues.AddRange(din.Issues);
            if (!(b.Cells > 0) || !(b.VolumeMl > 0))
            {
                fields.Fail(P($"$.lot.bags[{i}]"), P($"Expected positive cells and volumeMl; found {b.Cells} and {b.VolumeMl}."), 0);
            }

            return din.Value is { } v ? new Bag(b.Id, v, b.ProductCode, b.Division, b.Cells, b.VolumeMl, b.AllocatedToPatientId) : null;
        }).ToList();
        if (d.Lot.Passage is < 0 or > MaximumPassage)
        {
            fields.Fail("$.lot.passage", FormattableString.Invariant($"Expected a passage from 0 to {MaximumPassage}; found {d.Lot.Passage}."), 0);
        }

        Duplicates(d.Lot.Bags.Select((b, i) => (b.Id, P($"$.lot.bags[{i}].id"))), "bag id", fileName, issues);
        Duplicates(bags.Select((b, i) => (b?.Din.Value, P($"$.lot.bags[{i}].din"))).Where(x => x.Item1 is not null).Select(x => (x.Item1!, x.Item2)), "DIN", fileName, issues);
        var lot = new MscLot(d.Lot.Id, new CellDonor(d.Lot.Donor.Id, fields.Kind<DonorKind>(d.Lot.Donor.Kind, "$.lot.donor.kind"), d.Lot.Donor.Hla), d.Lot.SourceTissue, d.Lot.Passage,
            fields.Kind<Preservation>(d.Lot.Preservation, "$.lot.preservation"), fields.Time(d.Lot.ManufacturedAt, "$.lot.manufacturedAt"), fields.Time(d.Lot.ExpiresAt, "$.lot.expiresAt"), d.Lot.Site,
            [.. bags.OfType<Bag>()]);
        if (lot.ExpiresAt <= lot.ManufacturedAt && issues.Count == 0)
        {
            fields.Fail("$.lot.expiresAt", $"Expected the expiry after manufacture ({IsoTime.Shown(lot.ManufacturedAt)}); found {IsoTime.Shown(lot.ExpiresAt)}.", 0);
        }

        var specification = Reference(d.Specification, fileName, issues);
        var results = (d.Results ?? []).Select((r, i) =>
        {
            if ((r.Value is null) == (r.Text is null))
            {
                fields.Fail(P($"$.results[{i}]"), "Expected either value (with unit) or text.", 0);
            }

            return new ReleaseResult(r.Code, r.Value, r.Text, r.Unit, fields.Time(r.At, P($"$.results[{i}].at")));
        }).ToImmutableArray();
        var custodyParts = (d.Custody ?? []).Select((c, i) => (Part: c, Index: i)).ToList();
        foreach (var bagEvents in custodyParts.GroupBy(c => c.Part.BagId, StringComparer.Ordinal))
        {
            Duplicates(bagEvents.Select(c => (c.Part.Id, P($"$.custody[{c.Index}].id"))), $"custody event id of bag {bagEvents.Key}", fileName, issues);
        }

        var custody = custodyParts.Select(c => (c.Part.BagId, Event: new CustodyEvent(c.Part.Id, c.Part.ScannedItemId, fields.Kind<CustodyEventKind>(c.Part.Kind, P($"$.custody[{c.Index}].kind")),
            c.Part.From, c.Part.To, fields.Time(c.Part.At, P($"$.custody[{c.Index}].at")), c.Part.Location, c.Part.TemperatureC, c.Part.SealIntact ?? true, c.Part.Witness)))
            .GroupBy(c => c.BagId, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.Select(c => c.Event).OrderBy(e => e.At).ToImmutableArray(), StringComparer.Ordinal);
        if (!issues.Any(i => i.Severity == Severity.Error))
        {
            foreach (var (bagId, events) in custody)
            {
                if (lot.Bags.FirstOrDefault(b => b.Id == bagId) is { } bag)
                {
                    issues.AddRange(Custody.Check(bag, events));
                }
                else
                {
                    fields.Fail("$.custody", $"Expected events of the lot's bags ({string.Join(", ", lot.Bags.Select(b => b.Id))}); found bag '{bagId}'.", 0);
                }
            }
        }

        return issues.Any(i => i.Severity == Severity.Error) || specification is null
            ? ReadResult.Failed<LotDocument>(issues)
            : ReadResult.Of(new LotDocument(lot, specification, results, custody), issues);
    }

    // The reference to a held specification: "id", or { "id", "version" }; anything more is a specification of the lot's own, refused.
    private static SpecificationReference? Reference(JsonElement element, string fileName, List<Issue> issues)
    {
        var where = $"{fileName} $.specification";
        if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } id)
        {
            return new SpecificationReference(id, null);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            issues.Add(Issue.Error(LotJsonIssues.BadValue, where, $"Expected a held specification's id, or {{ \"id\", \"version\" }}; found {element.ValueKind}."));
            return null;
        }

        var names = element.EnumerateObject().Select(p => p.Name).ToList();
        var extra = names.Where(n => n is not ("id" or "version")).ToList();
        if (extra.Count > 0)
        {
            issues.Add(Issue.Error(LotJsonIssues.InlineSpecification, where,
                $"Expected a reference to a held specification, {{ \"id\", \"version\" }}; found a specification of the lot's own ({string.Join(", ", extra)}). Specifications are QA-approved master data: import it with 'stroma spec import FILE.json' and reference it here by id and version."));
            return null;
        }

        var refId = element.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        var version = element.TryGetProperty("version", out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : string.Empty : null;
        if (string.IsNullOrEmpty(refId) || version is { Length: 0 })
        {
            issues.Add(Issue.Error(LotJsonIssues.BadValue, where, $"Expected {{ \"id\": text, \"version\": text }} (version optional); found {element.GetRawText()}."));
            return null;
        }

        return new SpecificationReference(refId, version);
    }

    // Each repeated key is one error at its later place, naming the first.
    private static void Duplicates(IEnumerable<(string Key, string Path)> keys, string what, string fileName, List<Issue> issues)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, path) in keys)
        {
            if (!first.TryAdd(key, path))
            {
                issues.Add(Issue.Error(LotJsonIssues.DuplicateId, $"{fileName} {path}", $"Expected a unique {what}; '{key}' is also at {first[key]}."));
            }
        }
    }

    private sealed record Document(LotPart Lot, JsonElement Specification, IReadOnlyList<ResultPart>? Results = null, IReadOnlyList<CustodyPart>? Custody = null);

    private sealed record LotPart(string Id, DonorPart Donor, string SourceTissue, int Passage, string Preservation, string ManufacturedAt, string ExpiresAt, string Site, IReadOnlyList<BagPart> Bags);

    private sealed record DonorPart(string Id, string Kind, string? Hla = null);

    private sealed record BagPart(string Id, string Din, string ProductCode, string Division, double Cells, double VolumeMl, string? AllocatedToPatientId = null);

    private sealed record ResultPart(string Code, string At, double? Value = null, string? Text = null, string? Unit = null);

    private sealed record CustodyPart(
        string Id, string BagId, string ScannedItemId, string Kind, string From, string To, string At, string Location, double? TemperatureC = null, bool? SealIntact = null, string? Witness = null);
}
