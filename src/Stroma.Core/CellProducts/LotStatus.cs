using Stroma.Core.Text;

namespace Stroma.Core.CellProducts;

/// <summary>
/// A lot's effective status at a time: a release decision says whether the lot met its specification and was signed for release, but a
/// released lot past its expiry must not be infused. The infusion gate (<see cref="Custody.CheckInfusion"/>) and the lot page read
/// expiry through the same rule.
/// </summary>
public static class LotStatus
{
    /// <summary>True when <paramref name="at"/> is after the lot's expiry (an infusion exactly at the expiry is still in date).</summary>
    public static bool IsExpired(MscLot lot, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(lot);
        return at > lot.ExpiresAt;
    }

    /// <summary>
    /// The status as the lot page shows it at <paramref name="now"/>: <c>RELEASED</c>, <c>RELEASED — EXPIRED on 2026-01-01 10:00 +01:00</c>
    /// or <c>NOT RELEASED</c> (with <c>, EXPIRED on …</c> when it is past its expiry too).
    /// </summary>
    public static string Effective(MscLot lot, ReleaseDecision decision, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lot);
        ArgumentNullException.ThrowIfNull(decision);
        var expired = IsExpired(lot, now) ? $"EXPIRED on {IsoTime.Shown(lot.ExpiresAt)}" : null;
        return decision.Released
            ? expired is null ? "RELEASED" : $"RELEASED — {expired}, not to be infused"
            : expired is null ? "NOT RELEASED" : $"NOT RELEASED, {expired}";
    }
}
