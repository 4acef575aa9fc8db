using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.CellProducts;
using Stroma.Core.Diagnostics;
using Stroma.Storage.CellTherapy;

namespace Stroma.Storage;

/// <summary>A held release specification version, with who holds it and since when.</summary>
/// <param name="Specification">The specification.</param>
/// <param name="Status">Built in, approved (imported) or legacy (a lot's own, kept by the migration).</param>
/// <param name="ImportedBy">Who imported it.</param>
/// <param name="ImportedAt">When (UTC).</param>
/// <param name="SourceSha256">SHA-256 of the imported file (kept as a raw file), or null.</param>
/// <param name="Lots">How many lots are judged against it.</param>
public sealed record HeldSpecification(ReleaseSpecification Specification, SpecificationStatus Status, string ImportedBy, DateTimeOffset ImportedAt, string? SourceSha256, int Lots);

/// <summary>Release specifications: QA-approved master data, versioned and immutable, referenced by lots.</summary>
public sealed partial class StromaStore
{
    /// <summary>
    /// Holds a new specification version, imported from <paramref name="fileName"/> (whose bytes are kept under their SHA-256), after
    /// <see cref="SpecificationRules"/>. A built-in id is refused; the same id and version with the same tests is already held (nothing is
    /// written, an information issue says so); with other content it is refused — a held version never changes.
    /// </summary>
    public Task<ReadResult<HeldSpecification>> SaveSpecificationAsync(ReleaseSpecification specification, string fileName, byte[] content, CancellationToken cancellationToken = default) =>
        SaveSpecificationAsync(specification, Core.RawInput.Of(fileName, content), cancellationToken);

    /// <summary><see cref="SaveSpecificationAsync(ReleaseSpecification, string, byte[], CancellationToken)"/> of a file already read (hashed once).</summary>
    public async Task<ReadResult<HeldSpecification>> SaveSpecificationAsync(ReleaseSpecification specification, Core.RawInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(specification);
        ArgumentNullException.ThrowIfNull(input);
        var where = $"specification {specification.Id} v{specification.Version}";
        var issues = SpecificationRules.Check(specification, where).ToList();
        if (SpecificationRules.IsReserved(specification.Id))
        {
            issues.Add(Issue.Error(SpecificationIssues.ReservedId, where, $"Expected an id of the centre's own; '{specification.Id}' is reserved for a built-in specification."));
        }

        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<HeldSpecification>(issues);
        }

        await using var db = Context();
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var tests = CellTherapyModel.TestsJson(specification);
        if (await db.Specifications.AsNoTracking().SingleOrDefaultAsync(s => s.Id == specification.Id && s.Version == specification.Version, cancellationToken) is { } held)
        {
            if (held.TestsJson == tests && held.Product == specification.Product)
            {
                issues.Add(Issue.Information(SpecificationIssues.VersionHeld, where, $"Already held, with the same tests (imported by {held.ImportedBy} at {Core.Text.IsoTime.Shown(held.ImportedAtUtc)}); nothing was written."));
                return ReadResult.Of(await HeldAsync(db, held, cancellationToken), issues);
            }

            issues.Add(Issue.Error(SpecificationIssues.VersionHeld, where,
                $"Expected a new version: {specification.Id} v{specification.Version} is held with other content (imported by {held.ImportedBy} at {Core.Text.IsoTime.Shown(held.ImportedAtUtc)}), and a held version never changes. Give the corrected specification a new version."));
            return ReadResult.Failed<HeldSpecification>(issues);
        }

        var sha = input.Sha256;
        await AddRawFilesAsync(db, [input], "application/json", cancellationToken);
        var row = new SpecificationRow
        {
            Id = specification.Id, Version = specification.Version, Product = specification.Product, Status = nameof(SpecificationStatus.Approved), TestsJson = tests,
            ImportedBy = Actor, ImportedAtUtc = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), SourceSha256 = sha,
        };
        db.Specifications.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ReadResult.Of(new HeldSpecification(specification, SpecificationStatus.Approved, row.ImportedBy, row.ImportedAtUtc, sha, 0), issues);
    }

    /// <summary>Every held specification version, by id and import time.</summary>
    public async Task<IReadOnlyList<HeldSpecification>> ListSpecificationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = Context();
        var rows = await db.Specifications.AsNoTracking().ToListAsync(cancellationToken);
        var uses = await db.Lots.GroupBy(l => new { l.SpecificationId, l.SpecificationVersion }).Select(g => new { g.Key.SpecificationId, g.Key.SpecificationVersion, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Id, StringComparer.Ordinal).ThenBy(r => r.ImportedAtUtc).ThenBy(r => r.Version, StringComparer.Ordinal)
            .Select(r => ToHeld(r, uses.Where(u => u.SpecificationId == r.Id && u.SpecificationVersion == r.Version).Sum(u => u.Count)))];
    }

    /// <summary>
    /// The specification a reference names: its version, or — the id alone — the only version held (refused when several are). Not held,
    /// ambiguous, or (with <paramref name="releasableOnly"/>) legacy: a SPEC007 error naming what is held.
    /// </summary>
    public async Task<ReadResult<HeldSpecification>> FindSpecificationAsync(SpecificationReference reference, bool releasableOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        await using var db = Context();
        return await FindSpecificationAsync(db, reference, $"specification {reference}", releasableOnly, cancellationToken);
    }

    private static async Task<ReadResult<HeldSpecification>> FindSpecificationAsync(
        StromaContext db, SpecificationReference reference, string where, bool releasableOnly, CancellationToken cancellationToken)
    {
        var versions = await db.Specifications.AsNoTracking().Where(s => s.Id == reference.Id).ToListAsync(cancellationToken);
        var usable = versions.Where(v => !releasableOnly || v.Status != nameof(SpecificationStatus.Legacy)).ToList();
        var held = string.Join(", ", versions.Select(v => $"v{v.Version} ({v.Status.ToLowerInvariant()})"));
        var match = reference.Version is { } version ? usable.Where(v => v.Version == version).ToList() : usable;
        if (match.Count == 1)
        {
            return ReadResult.Of(await HeldAsync(db, match[0], cancellationToken));
        }

        var message = versions.Count == 0
            ? $"Expected a held specification; '{reference.Id}' is not held (import it first with 'stroma spec import FILE.json'; 'stroma spec list' shows what is held)."
            : match.Count > 1
                ? $"Expected the version of '{reference.Id}' to judge against; several are held ({held}): name one as {{ \"id\": \"{reference.Id}\", \"version\": \"...\" }}."
                : reference.Version is not null && versions.Any(v => v.Version == reference.Version)
                    ? $"Expected an approved specification; {reference} is legacy (carried in a lot file before specifications were master data) and can judge no new lot."
                    : $"Expected a held version of '{reference.Id}'; {reference} is not held (held: {held}).";
        return ReadResult.Failed<HeldSpecification>([Issue.Error(SpecificationIssues.NotHeld, where, $"{message}")]);
    }

    private static async Task<HeldSpecification> HeldAsync(StromaContext db, SpecificationRow row, CancellationToken cancellationToken) =>
        ToHeld(row, await db.Lots.CountAsync(l => l.SpecificationId == row.Id && l.SpecificationVersion == row.Version, cancellationToken));

    private static HeldSpecification ToHeld(SpecificationRow row, int lots) => new(
        new ReleaseSpecification(row.Id, row.Version, row.Product, JsonSerializer.Deserialize<ImmutableArray<ReleaseTest>>(row.TestsJson, CellTherapyModel.Json)),
        Enum.Parse<SpecificationStatus>(row.Status), row.ImportedBy, row.ImportedAtUtc, row.SourceSha256, lots);
}
