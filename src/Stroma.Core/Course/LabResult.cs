using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;

namespace Stroma.Core.Course;

/// <summary>
/// One laboratory or body measurement: the value and unit as reported, the canonical value and unit, its LOINC code, the specimen,
/// the sample time and, for imported rows, the SHA-256 of the raw file it came from.
/// </summary>
/// <param name="Id">Stable id.</param>
/// <param name="Analyte">What was measured.</param>
/// <param name="SampledAt">When the sample was taken.</param>
/// <param name="Reported">Value and unit as reported.</param>
/// <param name="Value">Value in the canonical unit.</param>
/// <param name="Unit">The canonical UCUM unit.</param>
/// <param name="Loinc">LOINC code, where one exists.</param>
/// <param name="Specimen">Specimen.</param>
/// <param name="SourceSha256">SHA-256 of the raw file this came from, if imported.</param>
public sealed record LabResult(string Id, Analyte Analyte, DateTimeOffset SampledAt, ReportedValue Reported, double Value, string Unit, string? Loinc, Specimen Specimen, string? SourceSha256 = null)
{
    /// <summary>Reads a measurement from external input: converts the unit, checks the value, assigns the LOINC code.</summary>
    public static ReadResult<LabResult> Read(string id, Analyte analyte, DateTimeOffset sampledAt, double value, string? unit, Specimen? specimen, string location, string? sourceSha256 = null)
    {
        var kind = Analytes.KindOf(analyte);
        var converted = kind.Convert(value, unit, location);
        if (converted.HasErrors)
        {
            return ReadResult.Failed<LabResult>(converted.Issues);
        }

        var (canonical, reported) = converted.Value;
        var chosenSpecimen = specimen ?? Analytes.DefaultSpecimen(analyte);
        return ReadResult.Of(
            new LabResult(id, analyte, sampledAt, reported, canonical, kind.CanonicalUnit, Analytes.Loinc(analyte, reported.Unit, chosenSpecimen), chosenSpecimen, sourceSha256),
            converted.Issues);
    }

    /// <summary>Like <see cref="Read"/> for values our own code supplies.</summary>
    /// <exception cref="ArgumentException">The value or unit is invalid.</exception>
    public static LabResult Create(string id, Analyte analyte, DateTimeOffset sampledAt, double value, string unit, Specimen? specimen = null)
    {
        var result = Read(id, analyte, sampledAt, value, unit, specimen, id);
        return result.HasErrors ? throw new ArgumentException(string.Join(" ", result.Issues.Select(i => i.Message)), nameof(value)) : result.Value!;
    }

    /// <summary>The value as a creatinine.</summary>
    /// <exception cref="InvalidOperationException">This is not a creatinine.</exception>
    public Creatinine AsCreatinine() => Analyte == Analyte.Creatinine ? Creatinine.Read(Reported.Value, Reported.Unit, Id).ValueOrThrow() : throw NotA(Analyte.Creatinine);

    /// <summary>The value as a UPCR.</summary>
    /// <exception cref="InvalidOperationException">This is not a UPCR.</exception>
    public Upcr AsUpcr() => Analyte == Analyte.Upcr ? Upcr.Read(Reported.Value, Reported.Unit, Id).ValueOrThrow() : throw NotA(Analyte.Upcr);

    /// <summary>The value as a height.</summary>
    /// <exception cref="InvalidOperationException">This is not a height.</exception>
    public Height AsHeight() => Analyte == Analyte.Height ? Height.Read(Reported.Value, Reported.Unit, Id).ValueOrThrow() : throw NotA(Analyte.Height);

    /// <summary>The value as a weight.</summary>
    /// <exception cref="InvalidOperationException">This is not a weight.</exception>
    public Weight AsWeight() => Analyte == Analyte.Weight ? Weight.Read(Reported.Value, Reported.Unit, Id).ValueOrThrow() : throw NotA(Analyte.Weight);

    /// <summary>The value as a serum albumin.</summary>
    /// <exception cref="InvalidOperationException">This is not a serum albumin.</exception>
    public SerumAlbumin AsSerumAlbumin() => Analyte == Analyte.SerumAlbumin ? SerumAlbumin.Read(Reported.Value, Reported.Unit, Id).ValueOrThrow() : throw NotA(Analyte.SerumAlbumin);

    private InvalidOperationException NotA(Analyte expected) => new(FormattableString.Invariant($"Lab result {Id} is {Analyte}, not {expected}."));
}
