using System.Globalization;
using System.Text.Json;
using Stroma.Storage.Audit;

namespace Stroma.Storage.Identity;

// Data-access rows of the identity store: mutable by design (EF Core materialises them).

/// <summary>
/// A patient's identifying fields, in their own table. The main audit trail records only the opaque <see cref="IdentityRef"/> and a
/// keyed hash of the content (never the name or hospital number), so the identity can be corrected or erased on a lawful request
/// while the clinical trail stays verifiable; the identity store's own trail says who changed which field, when and why.
/// </summary>
public sealed class PatientIdentityRow : IKeptOutOfTheTrail
{
    public required string PatientId { get; set; }

    /// <summary>An opaque reference (random), the only thing the main trail names.</summary>
    public required string IdentityRef { get; set; }

    public required string Name { get; set; }

    public required string HospitalNumber { get; set; }

    /// <summary>The keyed hash of an identity's content: equal contents give equal hashes only to the holder of the key.</summary>
    public static string ContentMac(AuditKey key, string name, string hospitalNumber)
    {
        ArgumentNullException.ThrowIfNull(key);
        return AuditKey.Mac(key.IdentityKey, JsonSerializer.Serialize(new[] { name, hospitalNumber }));
    }

    /// <inheritdoc />
    public string TrailImage(AuditKey key, Func<string, object?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        return JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["PatientId"] = Text(valueOf(nameof(PatientId))),
            ["IdentityRef"] = Text(valueOf(nameof(IdentityRef))),
            ["ContentMac"] = ContentMac(key, Text(valueOf(nameof(Name))), Text(valueOf(nameof(HospitalNumber)))),
        });
    }

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>
/// One entry of the identity store's own trail: who created, viewed, corrected or erased an identity, which fields, why — and the
/// keyed hash of the content after, never the content itself (so erasing an identity leaves nothing of it behind). Chained and
/// MAC'd like the main trail, and append-only.
/// </summary>
public sealed class PatientIdentityAuditRow : IOwnTrail
{
    public long Sequence { get; set; }

    public DateTimeOffset AtUtc { get; set; }

    public required string Actor { get; set; }

    public required string PatientId { get; set; }

    public required string IdentityRef { get; set; }

    /// <summary>insert, correct, erase or view.</summary>
    public required string Action { get; set; }

    /// <summary>The fields the action touched, comma-separated.</summary>
    public required string Fields { get; set; }

    public string? Reason { get; set; }

    /// <summary>The keyed hash of the content after the action (null after an erasure).</summary>
    public string? ContentMac { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    public required string Mac { get; set; }
}

/// <summary>A setting the administrator controls (for example whether the CLI may record another name than the user's), audited.</summary>
public sealed class SettingRow
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}
