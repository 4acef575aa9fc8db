using System.Globalization;
using System.Text;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;

namespace Stroma.Fhir.Server;

/// <summary>One value of a token parameter: <c>system|code</c>, <c>code</c> (any system), <c>|code</c> (no system) or <c>system|</c> (any code of the system).</summary>
/// <param name="System">The system, "" for "no system", or null for any.</param>
/// <param name="Code">The code, or null for any code of <paramref name="System"/>.</param>
public sealed record TokenCriterion(string? System, string? Code)
{
    /// <summary>Whether a coding matches.</summary>
    public bool Matches(string? system, string? code) =>
        (Code is null || string.Equals(Code, code, StringComparison.Ordinal))
        && (System is null || (System.Length == 0 ? string.IsNullOrEmpty(system) : string.Equals(System, system, StringComparison.Ordinal)));
}

/// <summary>
/// A search of one resource type, read from the query: the patient (required), the Observation's <c>code</c> and <c>date</c> (values of
/// one parameter separated by commas are alternatives, repeated parameters must all hold), <c>_include</c> of the patient, and paging
/// (<c>_count</c>, and <c>_offset</c>, the position Stroma writes in its own <c>next</c> links). Handling is strict: any other parameter
/// or modifier is refused naming it, whatever <c>Prefer: handling</c> says.
/// </summary>
/// <param name="Type">The resource type searched.</param>
/// <param name="PatientId">The patient's Stroma id.</param>
/// <param name="Codes">The <c>code</c> parameters (each a list of alternatives).</param>
/// <param name="Dates">The <c>date</c> parameters (each a list of alternatives).</param>
/// <param name="IncludePatient">Whether the patient is included.</param>
/// <param name="Count">The page size.</param>
/// <param name="Offset">The first match on the page (0-based).</param>
/// <param name="Query">The parameters as given, without <c>_offset</c>, to write the paging links.</param>
public sealed record SearchRequest(
    string Type, PatientId PatientId, IReadOnlyList<IReadOnlyList<TokenCriterion>> Codes, IReadOnlyList<IReadOnlyList<DateCriterion>> Dates, bool IncludePatient,
    int Count, int Offset, IReadOnlyList<KeyValuePair<string, string>> Query)
{
    /// <summary>The page size when <c>_count</c> is not given.</summary>
    public const int DefaultCount = 50;

    /// <summary>The largest page (a larger <c>_count</c> gets this many, as R4 allows).</summary>
    public const int MaxCount = 1000;

    /// <summary>The resource types searched and read, with the parameters each takes (besides <c>_include</c>, <c>_count</c> and <c>_offset</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Parameters = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Observation"] = ["patient", "subject", "code", "date"],
        ["Procedure"] = ["patient", "subject"],
        ["AdverseEvent"] = ["subject"],
        ["BiologicallyDerivedProduct"] = ["patient"],
    };

    /// <summary>The <c>_include</c> values each type takes (the patient).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Includes = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Observation"] = ["Observation:patient", "Observation:subject"],
        ["Procedure"] = ["Procedure:patient", "Procedure:subject"],
        ["AdverseEvent"] = ["AdverseEvent:subject"],
        ["BiologicallyDerivedProduct"] = [],
    };

    /// <summary>Reads the query of a search of <paramref name="type"/>; every problem is an issue located at the parameter's name.</summary>
    public static ReadResult<SearchRequest> Read(string type, IEnumerable<KeyValuePair<string, string>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!Parameters.TryGetValue(type, out var names))
        {
            return ReadResult.Failed<SearchRequest>([Issue.Error(FhirIssues.UnsupportedType, "type", $"Expected one of {string.Join(", ", Parameters.Keys)}; found '{type}'.")]);
        }

        var issues = new List<Issue>();
        var given = query.ToList();
        var patients = new List<string>();
        var codes = new List<IReadOnlyList<TokenCriterion>>();
        var dates = new List<IReadOnlyList<DateCriterion>>();
        var include = false;
        int? count = null;
        var offset = 0;
        foreach (var (name, value) in given)
        {
            if (string.IsNullOrEmpty(value))
            {
                issues.Add(Issue.Error(FhirIssues.BadValue, name, $"Expected a value for the search parameter {name}; found none."));
                continue;
            }

            switch (name)
            {
                case "patient" or "subject" when names.Contains(name):
                    patients.AddRange(Split(value));
                    break;
                case "code" when names.Contains(name):
                    codes.Add([.. Split(value).Select(Token)]);
                    break;
                case "date" when names.Contains(name):
                    var read = Split(value).Select(v => DateCriterion.Read(v, name)).ToList();
                    issues.AddRange(read.SelectMany(r => r.Issues));
                    dates.Add([.. read.Where(r => r.Value is not null).Select(r => r.Value!)]);
                    break;
                case "_include" when Includes[type].Contains(value, StringComparer.Ordinal):
                    include = true;
                    break;
                case "_include":
                    issues.Add(Issue.Error(FhirIssues.UnsupportedParameter, name, $"Expected _include of {(Includes[type].Length == 0 ? "nothing (none is supported for " + type + ")" : string.Join(" or ", Includes[type]))}; found '{value}'."));
                    break;
                case "_count" or "_offset":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || (name == "_count" ? count is not null : offset != 0))
                    {
                        issues.Add(Issue.Error(FhirIssues.BadValue, name, $"Expected one non-negative whole number for {name}; found '{value}'."));
                    }
                    else if (name == "_count")
                    {
                        count = n;
                    }
                    else
                    {
                        offset = n;
                    }

                    break;
                default:
                    issues.Add(Issue.Error(FhirIssues.UnsupportedParameter, name,
                        $"Expected only the search parameters {string.Join(", ", names)}, _include, _count (and _offset from a next link) for {type}; found {name}, which this server does not support (see /fhir/metadata)."));
                    break;
            }
        }

        var patientIds = patients.Select(p => p.StartsWith("Patient/", StringComparison.Ordinal) ? p["Patient/".Length..] : p).Distinct(StringComparer.Ordinal).ToList();
        var where = names.Contains("patient") ? "patient" : "subject";
        if (patientIds.Count != 1)
        {
            issues.Add(Issue.Error(patientIds.Count == 0 ? FhirIssues.Missing : FhirIssues.BadValue, where,
                $"Expected one patient ({string.Join(" or ", names.Where(n => n is "patient" or "subject"))}: a patient id or Patient/id); found {(patientIds.Count == 0 ? "none" : string.Join(", ", patientIds))}."));
        }
        var patient = patientIds.Count == 1 ? PatientId.Read(patientIds[0], where, FhirIssues.BadValue) : null;
        issues.AddRange(patient?.Issues ?? []);

        if (issues.Count > 0)
        {
            return ReadResult.Failed<SearchRequest>(issues);
        }

        var kept = given.Where(p => p.Key != "_offset").ToList();
        return ReadResult.Of(new SearchRequest(type, patient!.Value, codes, dates, include, Math.Min(count ?? DefaultCount, MaxCount), offset, kept));
    }

    private static TokenCriterion Token(string value)
    {
        var bar = IndexOfUnescaped(value, '|');
        if (bar < 0)
        {
            return new TokenCriterion(null, Unescape(value));
        }

        var system = Unescape(value[..bar]);
        var code = Unescape(value[(bar + 1)..]);
        return new TokenCriterion(system, code.Length == 0 ? null : code);
    }

    // The values of a parameter are separated by commas; "\," is a comma inside a value (R4 §3.1.1.5.7 "Escaping Search Parameters").
    private static List<string> Split(string value)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = IndexOfUnescaped(value, ','); i >= 0; i = IndexOfUnescaped(value, ',', start))
        {
            parts.Add(value[start..i]);
            start = i + 1;
        }

        parts.Add(value[start..]);
        return parts;
    }

    private static int IndexOfUnescaped(string value, char c, int from = 0)
    {
        for (var i = from; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == c)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(string value)
    {
        var b = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
            }

            b.Append(value[i]);
        }

        return b.ToString();
    }
}
