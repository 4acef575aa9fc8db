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
}

/// <summary>What a lot file holds: the lot, its specification, its release results and its bags' custody events.</summary>
/// <param name="Lot">The lot with its bags.</param>
/// <param name="Specification">The specification it is judged against.</param>
/// <param name="Results">Release results.</param>
/// <param name="Custody">Custody events per bag id, in time order.</param>
public sealed record LotDocument(MscLot Lot, ReleaseSpecification Specification, ImmutableArray<ReleaseResult> Results, ImmutableDictionary<string, ImmutableArray<CustodyEvent>> Custody);

/// <summary>
/// Reads a lot file (camelCase JSON; unknown properties are errors; times ISO 8601 with an offset): <c>lot</c> (with <c>donor</c> and
/// <c>bags</c>, each bag's <c>din</c> checked as ISBT 128), <c>specification</c> (a built-in id), <c>results</c>, and <c>custody</c>
/// events, whose chains are checked per bag. Every problem is reported with its JSON path; nothing is returned when anything is wrong.
/// </summary>
public static class LotJson
{
    /// <summary>The built-in specifications by id.</summary>
    public static ImmutableDictionary<string, ReleaseSpecification> Specifications { get; } =
        new[] { ReleaseSpecification.IsctBoneMarrowMsc }.ToImmutableDictionary(s => s.Id, StringComparer.Ordinal);

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

        var bags = d.Lot.Bags.Select((b, i) =>
        {
            var din = Isbt128.Parse(b.Din, $"{fileName} $.lot.bags[{i}].din");
            issues.AddRange(din.Issues);
            if (!(b.Cells > 0) || !(b.VolumeMl > 0))
            {
                fields.Fail(FormattableString.Invariant($"$.lot.bags[{i}]"), FormattableString.Invariant($"Expected positive cells and volumeMl; found {b.Cells} and {b.VolumeMl}."), 0);
            }

            return din.Value is { } v ? new Bag(b.Id, v, b.ProductCode, b.Division, b.Cells, b.VolumeMl, b.AllocatedToPatientId) : null;
        }).ToList();
        if (d.Lot.Passage is < 0 or > MaximumPassage)
        {
            fields.Fail("$.lot.passage", FormattableString.Invariant($"Expected a passage from 0 to {MaximumPassage}; found {d.Lot.Passage}."), 0);
        }

        var lot = new MscLot(d.Lot.Id, new CellDonor(d.Lot.Donor.Id, fields.Kind<DonorKind>(d.Lot.Donor.Kind, "$.lot.donor.kind"), d.Lot.Donor.Hla), d.Lot.SourceTissue, d.Lot.Passage,
            fields.Kind<Preservation>(d.Lot.Preservation, "$.lot.preservation"), fields.Time(d.Lot.ManufacturedAt, "$.lot.manufacturedAt"), fields.Time(d.Lot.ExpiresAt, "$.lot.expiresAt"), d.Lot.Site,
            [.. bags.OfType<Bag>()]);
        if (lot.ExpiresAt <= lot.ManufacturedAt && issues.Count == 0)
        {
            fields.Fail("$.lot.expiresAt", $"Expected the expiry after manufacture ({lot.ManufacturedAt:O}); found {lot.ExpiresAt:O}.", 0);
        }

        ReleaseSpecification? specification = null;
        if (d.Specification.ValueKind == JsonValueKind.String)
        {
            specification = Specifications.GetValueOrDefault(d.Specification.GetString()!)
                ?? fields.Fail<ReleaseSpecification?>("$.specification", $"Expected a built-in specification ({string.Join(", ", Specifications.Keys)}) or a specification object; found '{d.Specification.GetString()}'.", null);
        }
        else if (d.Specification.ValueKind == JsonValueKind.Object)
        {
            specification = ReadSpecification(d.Specification, fileName, issues);
        }
        else
        {
            fields.Fail<object?>("$.specification", $"Expected a built-in specification id or a specification object; found {d.Specification.ValueKind}.", null);
        }
        var results = (d.Results ?? []).Select((r, i) =>
        {
            if ((r.Value is null) == (r.Text is null))
            {
                fields.Fail(FormattableString.Invariant($"$.results[{i}]"), "Expected either value (with unit) or text.", 0);
            }

            return new ReleaseResult(r.Code, r.Value, r.Text, r.Unit, fields.Time(r.At, FormattableString.Invariant($"$.results[{i}].at")));
        }).ToImmutableArray();
        var custody = (d.Custody ?? []).Select((c, i) => (c.BagId, Event: new CustodyEvent(c.Id, c.ScannedItemId, fields.Kind<CustodyEventKind>(c.Kind, FormattableString.Invariant($"$.custody[{i}].kind")),
            c.From, c.To, fields.Time(c.At, FormattableString.Invariant($"$.custody[{i}].at")), c.Location, c.TemperatureC, c.SealIntact ?? true, c.Witness)))
            .GroupBy(c => c.BagId).ToImmutableDictionary(g => g.Key, g => g.Select(c => c.Event).OrderBy(e => e.At).ToImmutableArray(), StringComparer.Ordinal);
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

        return issues.Any(i => i.Severity == Severity.Error) || specification is null
            ? ReadResult.Failed<LotDocument>(issues)
            : ReadResult.Of(new LotDocument(lot, specification, results, custody), issues);
    }

    // A specification of the lot's own: id, version, product and tests, each with its comparator and the limits that comparator needs.
    private static ReleaseSpecification? ReadSpecification(JsonElement element, string fileName, List<Issue> issues)
    {
        SpecPart? part;
        try
        {
            part = element.Deserialize<SpecPart>(StrictJson.Options);
        }
        catch (JsonException e)
        {
            issues.Add(Issue.Error(LotJsonIssues.Malformed, $"{fileName} $.specification{e.Path?.TrimStart('$')}", $"Expected a specification object (id, version, product, tests); {StrictJson.Explain(e, element, typeof(SpecPart))}"));
            return null;
        }

        var tests = new List<ReleaseTest>();
        foreach (var (t, i) in part!.Tests.Select((t, i) => (t, i)))
        {
            var where = FormattableString.Invariant($"{fileName} $.specification.tests[{i}]");
            if (!EnumText.TryParse<Comparator>(t.Comparator, out var comparator))
            {
                issues.Add(Issue.Error(LotJsonIssues.BadValue, where + ".comparator", $"Expected one of {string.Join(", ", Enum.GetNames<Comparator>())}; found '{t.Comparator}'."));
                continue;
            }

            var needs = comparator switch
            {
                Comparator.AtLeast or Comparator.GreaterThan => t.Lower is not null && t.Unit is not null,
                Comparator.AtMost or Comparator.LessThan => t.Upper is not null && t.Unit is not null,
                Comparator.Between => t.Lower is not null && t.Upper is not null && t.Lower <= t.Upper && t.Unit is not null,
                _ => t.Expected is not null,
            };
            if (!needs)
            {
                issues.Add(Issue.Error(LotJsonIssues.BadValue, where, $"Expected the limits and unit that '{t.Comparator}' needs (lower, upper with lower ≤ upper, or expected text); found lower {t.Lower}, upper {t.Upper}, unit '{t.Unit}', expected '{t.Expected}'."));
                continue;
            }

            tests.Add(new ReleaseTest(t.Code, t.Name, t.Method, t.Unit, comparator, t.Lower, t.Upper, t.Expected, t.Mandatory) { Alternatives = [.. t.Alternatives ?? []] });
        }

        return tests.Count == part.Tests.Count ? new ReleaseSpecification(part.Id, part.Version, part.Product, [.. tests]) : null;
    }

    private sealed record SpecPart(string Id, string Version, string Product, IReadOnlyList<TestPart> Tests);

    private sealed record TestPart(
        string Code, string Name, string Method, string Comparator, bool Mandatory, string? Unit = null, double? Lower = null, double? Upper = null, string? Expected = null,
        IReadOnlyList<string>? Alternatives = null);

    private sealed record Document(LotPart Lot, JsonElement Specification, IReadOnlyList<ResultPart>? Results = null, IReadOnlyList<CustodyPart>? Custody = null);

    private sealed record LotPart(string Id, DonorPart Donor, string SourceTissue, int Passage, string Preservation, string ManufacturedAt, string ExpiresAt, string Site, IReadOnlyList<BagPart> Bags);

    private sealed record DonorPart(string Id, string Kind, string? Hla = null);

    private sealed record BagPart(string Id, string Din, string ProductCode, string Division, double Cells, double VolumeMl, string? AllocatedToPatientId = null);

    private sealed record ResultPart(string Code, string At, double? Value = null, string? Text = null, string? Unit = null);

    private sealed record CustodyPart(
        string Id, string BagId, string ScannedItemId, string Kind, string From, string To, string At, string Location, double? TemperatureC = null, bool? SealIntact = null, string? Witness = null);
}
