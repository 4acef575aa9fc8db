using System.Globalization;
using Stroma.Core.Quantities;

namespace Stroma.Core.Renal;

/// <summary>The answer to "is renal function stable after day 0?" with the rule, its source and the evidence.</summary>
/// <param name="IsStable">True stable, false not stable, null not assessable (<see cref="Reason"/> says why).</param>
/// <param name="Reason">The answer in words with its evidence: the slope and its interval, the baseline and last eGFR.</param>
/// <param name="Slope">The eGFR slope after day 0 (the evidence), or null when there were too few values.</param>
/// <param name="Baseline">The last eGFR before day 0.</param>
/// <param name="Last">The last eGFR after day 0.</param>
/// <param name="RapidDecline">Slope a decline steeper than <see cref="KdigoProgression.RapidDeclinePerYear"/>; null when not assessable.</param>
/// <param name="CertainDrop">A worse GFR category with a fall of at least 25 % from the baseline; null when not assessable.</param>
/// <remarks>The rule and its source are <see cref="KdigoProgression.Rule"/> and <see cref="KdigoProgression.Source"/>.</remarks>
public sealed record RenalStabilityVerdict(bool? IsStable, string Reason, EgfrSlope? Slope, DatedEgfr? Baseline, DatedEgfr? Last, bool? RapidDecline, bool? CertainDrop);

/// <summary>
/// "Renal function stable" as the absence of CKD progression after day 0, by the KDIGO 2012 CKD guideline's definitions
/// (recommendation 2.1.3): progression is a certain drop in eGFR — a fall into a worse GFR category (G1 ≥ 90, G2 60–89,
/// G3a 45–59, G3b 30–44, G4 15–29, G5 &lt; 15 mL/min/1.73 m²) accompanied by a fall of 25 % or more from the baseline — or rapid
/// progression, a sustained decline of more than 5 mL/min/1.73 m² per year.
/// </summary>
/// <remarks>
/// Here the baseline is the last eGFR before day 0; the certain drop compares the last eGFR after day 0 with it; the sustained
/// decline is the ordinary least-squares slope of every eGFR from day 0 on (<see cref="EgfrSlope"/>), shown with its 95 % interval
/// as evidence. KDIGO notes that confidence grows with the number of creatinine measurements and the length of follow-up; the
/// rule therefore answers only with at least <see cref="MinimumValues"/> eGFR values spanning at least <see cref="MinimumSpanDays"/>
/// days after day 0 (a choice of this implementation, stated with every answer), and otherwise says "not assessable" and why.
/// </remarks>
public static class KdigoProgression
{
    /// <summary>A decline steeper than this (mL/min/1.73 m² per year) is rapid progression.</summary>
    public const double RapidDeclinePerYear = 5;

    /// <summary>A fall of this fraction of the baseline or more, with a worse GFR category, is a certain drop.</summary>
    public const double CertainDropFraction = 0.25;

    /// <summary>The fewest eGFR values after day 0 the rule answers with.</summary>
    public const int MinimumValues = 3;

    /// <summary>The shortest span of those values, in days.</summary>
    public const int MinimumSpanDays = 90;

    /// <summary>The rule in words, as the report and the JSON state it.</summary>
    public static string Rule { get; } = string.Create(CultureInfo.InvariantCulture,
        $"stable unless the eGFR slope after day 0 is a decline of more than {RapidDeclinePerYear} mL/min/1.73 m²/year (rapid progression) or the last eGFR is in a worse GFR category than the baseline (the last before day 0) and at least {CertainDropFraction * 100} % below it (a certain drop); answered with at least {MinimumValues} eGFR values over at least {MinimumSpanDays} days after day 0");

    /// <summary>The source of the rule.</summary>
    public const string Source = "KDIGO 2012 Clinical Practice Guideline for the Evaluation and Management of Chronic Kidney Disease, recommendation 2.1.3 (Kidney Int Suppl 2013;3:1-150)";

    /// <summary>Judges renal stability from the baseline eGFR and every eGFR from day 0 on.</summary>
    public static RenalStabilityVerdict Judge(DatedEgfr? baseline, IReadOnlyList<DatedEgfr> afterDayZero)
    {
        ArgumentNullException.ThrowIfNull(afterDayZero);
        var after = afterDayZero.OrderBy(p => p.Date).ToList();
        var span = after.Count == 0 ? 0 : after[^1].Date.DayNumber - after[0].Date.DayNumber;
        var slope = after.Select(p => p.Date).Distinct().Count() >= 2 ? EgfrSlope.Fit(after) : null;
        DatedEgfr? last = after.Count > 0 ? after[^1] : null;
        if (baseline is not { } b)
        {
            return new RenalStabilityVerdict(null, "not assessable: no eGFR before day 0 to compare with", slope, null, last, null, null);
        }

        if (after.Count < MinimumValues || span < MinimumSpanDays || slope is null)
        {
            return new RenalStabilityVerdict(null, string.Create(CultureInfo.InvariantCulture,
                $"not assessable: {after.Count} eGFR value(s) over {span} days after day 0; the rule needs at least {MinimumValues} over at least {MinimumSpanDays} days"), slope, b, last, null, null);
        }

        var l = last!.Value;
        var change = (l.Egfr.MlPerMinPer173M2 - b.Egfr.MlPerMinPer173M2) / b.Egfr.MlPerMinPer173M2;
        var (baseCategory, lastCategory) = (KdigoCategories.Kdigo2012.GfrCategoryOf(b.Egfr), KdigoCategories.Kdigo2012.GfrCategoryOf(l.Egfr));
        var rapid = slope.PerYear < -RapidDeclinePerYear;
        var drop = lastCategory > baseCategory && change <= -CertainDropFraction;
        var interval = slope.Lower is { } lo && slope.Upper is { } up ? string.Create(CultureInfo.InvariantCulture, $", 95 % CI {lo:0.0} to {up:0.0}") : string.Empty;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"eGFR slope after day 0 {slope.PerYear:+0.0;-0.0} mL/min/1.73 m²/year ({slope.Count} values{interval}): {(rapid ? "a decline of more than" : "not a decline of more than")} {RapidDeclinePerYear}/year; last eGFR {l.Egfr.MlPerMinPer173M2:0.0} ({lastCategory}) vs baseline {b.Egfr.MlPerMinPer173M2:0.0} ({baseCategory}), {change * 100:+0.0;-0.0} %: {(drop ? "a certain drop (worse category, fall ≥ 25 %)" : "no certain drop")}");
        return new RenalStabilityVerdict(!(rapid || drop), reason, slope, b, l, rapid, drop);
    }

    /// <summary>The same, from eGFR values in mL/min/1.73 m² (tests, and callers holding plain values).</summary>
    public static RenalStabilityVerdict Judge((DateOnly Date, double MlPerMinPer173M2)? baseline, IEnumerable<(DateOnly Date, double MlPerMinPer173M2)> afterDayZero)
    {
        ArgumentNullException.ThrowIfNull(afterDayZero);
        return Judge(baseline is { } b ? new DatedEgfr(b.Date, Egfr.FromMlPerMinPer173M2(b.MlPerMinPer173M2)) : null,
            [.. afterDayZero.Select(p => new DatedEgfr(p.Date, Egfr.FromMlPerMinPer173M2(p.MlPerMinPer173M2)))]);
    }
}
