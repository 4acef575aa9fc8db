using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Stroma.Core.Diagnostics;

/// <summary>One stable issue code and the constant that names it (<c>FHIR007</c>, <c>FhirIssues.NotUcum</c>).</summary>
/// <param name="Code">The code (letters then three digits).</param>
/// <param name="Member">The constant that declares it: the declaring type (nested types joined with <c>+</c>) and the field.</param>
/// <param name="Name">The field's name in words (<c>NotUcum</c> gives "Not ucum").</param>
public sealed record IssueCode(string Code, string Member, string Name);

/// <summary>
/// The one list of Stroma's issue codes: every <c>const string</c> field whose value is a code (two to eight capital letters and
/// three digits, <c>ABIF004</c>, <c>FHIR007</c>), read from the assemblies that declare them. Each format keeps its codes in its own
/// static class (STYLE.md); this reads them all, so that a list of codes (the FHIR CodeSystem of issue codes) is never written twice
/// and never misses one added later.
/// </summary>
public static partial class IssueCatalogue
{
    /// <summary>
    /// Every issue code declared in <paramref name="assemblies"/>, ordered by code. A code declared by two constants (an alias) is
    /// listed once, under the first constant by type and field name.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="assemblies"/> is null.</exception>
    public static IReadOnlyList<IssueCode> Of(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        return
        [
            .. assemblies.Distinct()
                .SelectMany(a => a.GetTypes())
                .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.GetRawConstantValue() is string value && CodePattern().IsMatch(value))
                    .Select(f => new IssueCode((string)f.GetRawConstantValue()!, t.FullName + "." + f.Name, Words(f.Name))))
                .OrderBy(c => c.Code, StringComparer.Ordinal).ThenBy(c => c.Member, StringComparer.Ordinal)
                .DistinctBy(c => c.Code),
        ];
    }

    /// <summary>"NotUcum" → "Not ucum", "OffsetPastEnd" → "Offset past end"; an acronym stays whole ("DinUnknown", "ISBT" → "ISBT").</summary>
    private static string Words(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (startsWord)
            {
                text.Append(' ');
            }

            text.Append(startsWord && i + 1 < name.Length && char.IsLower(name[i + 1]) ? char.ToLowerInvariant(c) : c);
        }

        return text.ToString();
    }

    [GeneratedRegex("^[A-Z]{2,8}[0-9]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
