using System.Collections.Immutable;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;

namespace Stroma.Core.Safety;

/// <summary>When vital signs were taken relative to an infusion.</summary>
public enum InfusionPhase
{
    /// <summary>Before the infusion (the baseline).</summary>
    Before,

    /// <summary>During it.</summary>
    During,

    /// <summary>After it.</summary>
    After,
}

/// <summary>One set of vital signs around an infusion; any measure may be missing.</summary>
/// <param name="InfusionId">The infusion.</param>
/// <param name="At">When.</param>
/// <param name="Phase">Before, during or after.</param>
/// <param name="TemperatureC">Body temperature (Cel).</param>
/// <param name="HeartRate">Heart rate (/min).</param>
/// <param name="SystolicMmHg">Systolic blood pressure (mm[Hg]).</param>
/// <param name="DiastolicMmHg">Diastolic blood pressure (mm[Hg]).</param>
/// <param name="RespiratoryRate">Respiratory rate (/min).</param>
/// <param name="SpO2Percent">Oxygen saturation (%).</param>
public sealed record VitalSigns(
    string InfusionId, DateTimeOffset At, InfusionPhase Phase, double? TemperatureC, double? HeartRate, double? SystolicMmHg, double? DiastolicMmHg,
    double? RespiratoryRate, double? SpO2Percent);

/// <summary>
/// A protocol's vital-sign thresholds around an infusion, as data: absolute limits, and changes from the pre-infusion baseline.
/// </summary>
/// <param name="FeverC">Temperature at or above this is flagged (CTCAE fever starts at 38.0 °C).</param>
/// <param name="SystolicDropMmHg">A fall of systolic pressure from baseline by at least this much is flagged.</param>
/// <param name="SystolicBelowMmHg">Systolic pressure under this is flagged.</param>
/// <param name="HeartRateRise">A rise of heart rate from baseline by at least this much is flagged.</param>
/// <param name="SpO2BelowPercent">Saturation under this is flagged.</param>
/// <param name="RespiratoryRateAbove">Respiratory rate above this is flagged.</param>
public sealed record VitalThresholds(
    double FeverC = 38.0, double SystolicDropMmHg = 20, double SystolicBelowMmHg = 90, double HeartRateRise = 20, double SpO2BelowPercent = 92, double RespiratoryRateAbove = 30)
{
    /// <summary>The flags of one set, with the numbers, against the baseline (the last set before the infusion).</summary>
    public ImmutableArray<string> Flags(VitalSigns signs, VitalSigns? baseline)
    {
        ArgumentNullException.ThrowIfNull(signs);
        var flags = ImmutableArray.CreateBuilder<string>();
        string Inv(FormattableString s) => FormattableString.Invariant(s);
        if (signs.TemperatureC >= FeverC)
        {
            flags.Add(Inv($"temperature {signs.TemperatureC:0.0} °C ≥ {FeverC:0.0}"));
        }

        if (signs.SystolicMmHg < SystolicBelowMmHg)
        {
            flags.Add(Inv($"systolic {signs.SystolicMmHg:0} mmHg < {SystolicBelowMmHg:0}"));
        }

        if (baseline?.SystolicMmHg is { } sbp0 && signs.SystolicMmHg is { } sbp && sbp0 - sbp >= SystolicDropMmHg)
        {
            flags.Add(Inv($"systolic fell {sbp0 - sbp:0} mmHg from {sbp0:0} (limit {SystolicDropMmHg:0})"));
        }

        if (baseline?.HeartRate is { } hr0 && signs.HeartRate is { } hr && hr - hr0 >= HeartRateRise)
        {
            flags.Add(Inv($"heart rate rose {hr - hr0:0}/min from {hr0:0} (limit {HeartRateRise:0})"));
        }

        if (signs.SpO2Percent < SpO2BelowPercent)
        {
            flags.Add(Inv($"SpO2 {signs.SpO2Percent:0} % < {SpO2BelowPercent:0}"));
        }

        if (signs.RespiratoryRate > RespiratoryRateAbove)
        {
            flags.Add(Inv($"respiratory rate {signs.RespiratoryRate:0}/min > {RespiratoryRateAbove:0}"));
        }

        return flags.ToImmutable();
    }

    /// <summary>Every flagged set of an infusion, each against that infusion's last pre-infusion set.</summary>
    public ImmutableArray<(VitalSigns Signs, ImmutableArray<string> Flags)> Check(IEnumerable<VitalSigns> infusionSigns)
    {
        ArgumentNullException.ThrowIfNull(infusionSigns);
        var ordered = infusionSigns.OrderBy(v => v.At).ToList();
        var baseline = ordered.LastOrDefault(v => v.Phase == InfusionPhase.Before);
        return [.. ordered.Select(v => (v, Flags(v, v.Phase == InfusionPhase.Before ? null : baseline))).Where(x => !x.Item2.IsEmpty)];
    }
}

/// <summary>
/// What a vital sign can be: outside the possible range a value is refused (no living patient has it: a temperature of 1000 °C, a
/// heart rate of −5), outside the plausible range it is kept with a warning. Units are UCUM: <c>Cel</c>, <c>/min</c>, <c>mm[Hg]</c>, <c>%</c>.
/// </summary>
/// <remarks>
/// Possible ranges reach the extremes reported in survivors (body temperature 13.7 °C in accidental hypothermia to 46.5 °C in heat
/// stroke; heart rates to about 300/min in 1:1 flutter and beyond in pre-excited fibrillation), so a true extreme is never refused.
/// Plausible ranges are those of an awake patient around an infusion, children included.
/// </remarks>
public static class VitalSignRanges
{
    /// <summary>Body temperature (Cel).</summary>
    public static QuantityKind Temperature { get; } = new("body temperature", [new UnitDefinition("Cel", 1.0)], possible: (13, 47), plausible: (34, 42), lowerExclusive: false);

    /// <summary>Heart rate (/min).</summary>
    public static QuantityKind HeartRate { get; } = new("heart rate", [new UnitDefinition("/min", 1.0)], possible: (0, 350), plausible: (30, 220), lowerExclusive: false);

    /// <summary>Systolic blood pressure (mm[Hg]).</summary>
    public static QuantityKind Systolic { get; } = new("systolic blood pressure", [new UnitDefinition("mm[Hg]", 1.0)], possible: (20, 400), plausible: (60, 250), lowerExclusive: false);

    /// <summary>Diastolic blood pressure (mm[Hg]).</summary>
    public static QuantityKind Diastolic { get; } = new("diastolic blood pressure", [new UnitDefinition("mm[Hg]", 1.0)], possible: (5, 300), plausible: (30, 150), lowerExclusive: false);

    /// <summary>Respiratory rate (/min).</summary>
    public static QuantityKind RespiratoryRate { get; } = new("respiratory rate", [new UnitDefinition("/min", 1.0)], possible: (0, 150), plausible: (6, 70), lowerExclusive: false);

    /// <summary>Oxygen saturation (%).</summary>
    public static QuantityKind SpO2 { get; } = new("oxygen saturation", [new UnitDefinition("%", 1.0)], possible: (0, 100), plausible: (70, 100), lowerExclusive: false);

    /// <summary>Every impossible (error) or implausible (warning) value of one set, located at <c>{location}.temperatureC</c> and so on; a diastolic pressure not below the systolic is an error.</summary>
    public static IEnumerable<Issue> Check(VitalSigns signs, string location)
    {
        ArgumentNullException.ThrowIfNull(signs);
        var measures = new (double? Value, QuantityKind Kind, string Field)[]
        {
            (signs.TemperatureC, Temperature, "temperatureC"), (signs.HeartRate, HeartRate, "heartRate"), (signs.SystolicMmHg, Systolic, "systolicMmHg"),
            (signs.DiastolicMmHg, Diastolic, "diastolicMmHg"), (signs.RespiratoryRate, RespiratoryRate, "respiratoryRate"), (signs.SpO2Percent, SpO2, "spO2Percent"),
        };
        foreach (var (value, kind, field) in measures)
        {
            if (value is { } v)
            {
                foreach (var issue in kind.Convert(v, kind.CanonicalUnit, $"{location}.{field}").Issues)
                {
                    yield return issue;
                }
            }
        }

        if (signs.SystolicMmHg is { } sbp && signs.DiastolicMmHg is { } dbp && dbp >= sbp)
        {
            yield return Issue.Error(QuantityIssues.Impossible, $"{location}.diastolicMmHg", $"Expected a diastolic pressure below the systolic ({sbp} mm[Hg]); found {dbp} mm[Hg].");
        }
    }
}
