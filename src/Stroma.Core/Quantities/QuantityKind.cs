using System.Collections.Immutable;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Quantities;

/// <summary>
/// What one kind of clinical quantity accepts: its canonical UCUM unit, the other units and their factors, the range
/// outside which a value is impossible (an error) and the narrower range outside which it is implausible (a warning).
/// </summary>
public sealed class QuantityKind
{
    /// <summary>Describes a quantity kind.</summary>
    /// <param name="name">Human name used in messages (for example "serum creatinine").</param>
    /// <param name="units">Accepted units; the first is the canonical unit and must have factor 1.</param>
    /// <param name="possible">Closed range of possible canonical values; the lower bound is exclusive when <paramref name="lowerExclusive"/>.</param>
    /// <param name="plausible">Closed range of plausible canonical values.</param>
    /// <param name="lowerExclusive">Whether the lower possible bound itself is impossible (for example zero creatinine).</param>
    public QuantityKind(string name, IEnumerable<UnitDefinition> units, (double Min, double Max) possible, (double Min, double Max) plausible, bool lowerExclusive = true)
    {
        Name = name;
        Units = [.. units];
        if (Units.IsEmpty || Units[0].ToCanonical != 1.0)
        {
            throw new ArgumentException("The first unit must be the canonical unit with factor 1.", nameof(units));
        }

        Possible = possible;
        Plausible = plausible;
        LowerExclusive = lowerExclusive;
    }

    /// <summary>Human name used in messages.</summary>
    public string Name { get; }

    /// <summary>Accepted units; the first is canonical.</summary>
    public ImmutableArray<UnitDefinition> Units { get; }

    /// <summary>The canonical UCUM code.</summary>
    public string CanonicalUnit => Units[0].Ucum;

    /// <summary>Range of possible canonical values.</summary>
    public (double Min, double Max) Possible { get; }

    /// <summary>Range of plausible canonical values; outside it a warning is raised.</summary>
    public (double Min, double Max) Plausible { get; }

    /// <summary>Whether <see cref="Possible"/>.Min itself is impossible.</summary>
    public bool LowerExclusive { get; }

    /// <summary>The accepted UCUM codes, for messages and help text.</summary>
    public string AcceptedUnits => string.Join(", ", Units.Select(u => u.Ucum));

    /// <summary>Finds an accepted unit by its UCUM code or an accepted alias (see <see cref="UnitDefinition.Matches"/>).</summary>
    public UnitDefinition? FindUnit(string? unit) =>
        string.IsNullOrWhiteSpace(unit) ? null : Units.FirstOrDefault(u => u.Matches(unit));

    /// <summary>Validates a value given in a unit and converts it; returns the canonical value or the issues that prevent it.</summary>
    internal ReadResult<ConvertedValue> Convert(double value, string? unit, string location)
    {
        var issues = new List<Issue>();
        if (string.IsNullOrWhiteSpace(unit))
        {
            issues.Add(Issue.Error(QuantityIssues.MissingUnit, location, $"A unit is required for {Name} ({AcceptedUnits}); none was given."));
        }

        var definition = FindUnit(unit);
        if (definition is null && issues.Count == 0)
        {
            issues.Add(Issue.Error(QuantityIssues.UnknownUnit, location, $"Expected a unit for {Name} among {AcceptedUnits}; found '{unit}'."));
        }

        if (!double.IsFinite(value))
        {
            issues.Add(Issue.Error(QuantityIssues.NotFinite, location, $"Expected a finite number for {Name}; found {value}."));
        }

        if (issues.Count > 0 || definition is null)
        {
            return ReadResult.Failed<ConvertedValue>(issues);
        }

        var canonical = value * definition.ToCanonical;
        var tooLow = LowerExclusive ? canonical <= Possible.Min : canonical < Possible.Min;
        if (tooLow || canonical > Possible.Max)
        {
            var lower = LowerExclusive ? "above" : "at least";
            issues.Add(Issue.Error(QuantityIssues.Impossible, location,
                $"Expected {Name} {lower} {Possible.Min} and at most {Possible.Max} {CanonicalUnit}; found {Found(value, definition.Ucum, canonical)}."));
            return ReadResult.Failed<ConvertedValue>(issues);
        }

        if (canonical < Plausible.Min || canonical > Plausible.Max)
        {
            issues.Add(Issue.Warning(QuantityIssues.Implausible, location,
                $"{Name} of {Found(value, definition.Ucum, canonical)} is outside the plausible range {Plausible.Min}-{Plausible.Max} {CanonicalUnit}; check the value and its unit."));
        }

        return ReadResult.Of(new ConvertedValue(canonical, new ReportedValue(value, definition.Ucum)), issues);
    }

    // A value as given and, when its unit is not the canonical one, converted: "-0" reads as 0, and "x mg/dL (= x mg/dL)" is said once.
    private string Found(double value, string unit, double canonical)
    {
        var (given, converted) = (value == 0 ? 0 : value, canonical == 0 ? 0 : canonical);
        return unit == CanonicalUnit
            ? FormattableString.Invariant($"{given:G6} {unit}")
            : FormattableString.Invariant($"{given:G6} {unit} (= {converted:G6} {CanonicalUnit})");
    }

    /// <summary>Reads a value of this kind from external input: the created quantity with any warnings, or every error.</summary>
    internal ReadResult<T> Read<T>(double value, string? unit, string location, Func<ConvertedValue, T> create)
    {
        var converted = Convert(value, unit, location);
        return converted.HasErrors ? ReadResult.Failed<T>(converted.Issues) : ReadResult.Of<T>(create(converted.Value), converted.Issues);
    }

    /// <summary>Like <see cref="Convert"/> for values our own code supplies: an unknown unit or impossible value is misuse and throws.</summary>
    internal ConvertedValue ConvertOrThrow(double value, string unit, string parameterName)
    {
        var result = Convert(value, unit, parameterName);
        if (result.HasErrors)
        {
            var issue = result.Issues.First(i => i.Severity == Severity.Error);
            throw issue.Code == QuantityIssues.UnknownUnit || issue.Code == QuantityIssues.MissingUnit
                ? new ArgumentException(issue.Message, parameterName)
                : new ArgumentOutOfRangeException(parameterName, value, issue.Message);
        }

        return result.Value;
    }
}
