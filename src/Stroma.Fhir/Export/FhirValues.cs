using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;

namespace Stroma.Fhir.Export;

/// <summary>Small FHIR values the export builds often.</summary>
internal static class FhirValues
{
    /// <summary>A deterministic UUID (RFC 9562 version 8, name-based with SHA-256) for a Stroma record: the same record gets the same resource id in every export.</summary>
    public static string ResourceId(string patientId, string kind, string recordId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"stroma\n{patientId}\n{kind}\n{recordId}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>A decimal that round-trips the double exactly as it prints (no binary noise, no lost digits).</summary>
    public static decimal Decimal(double value) => decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A UCUM quantity.</summary>
    public static Quantity Ucum(double value, string code) => new() { Value = Decimal(value), Unit = code, System = StromaTerminology.Ucum, Code = code };

    /// <summary>A Stroma code.</summary>
    public static Coding LocalCode(string code, string? display = null) => new(StromaTerminology.CodeSystem, code, display);

    /// <summary>A dateTime keeping the offset it was recorded with.</summary>
    public static FhirDateTime DateTime(DateTimeOffset at) => new(at);

    /// <summary>A date.</summary>
    public static Date Date(DateOnly date) => new(date.Year, date.Month, date.Day);

    /// <summary>A Stroma identifier of a record kind.</summary>
    public static Identifier Identifier(string kind, string value) => new(StromaTerminology.IdentifierSystem(kind), value);
}
