using Stroma.Core.Diagnostics;

namespace Stroma.Core.Text;

/// <summary>
/// The columns a file may carry. Files Stroma keeps as raw inputs hold pseudonymous data only: a column that identifies a person
/// (a name, a hospital or insurance number, a birth date, an address, a phone number, an e-mail) is refused by name — identity
/// lives in the identity store — and any other column the file's format does not know is refused too, never silently ignored
/// (an ignored column would still be kept, byte for byte, in the raw file).
/// </summary>
public static class CsvColumns
{
    // Header names that identify a person, compared after lower-casing and turning spaces, hyphens and dots into underscores.
    private static readonly HashSet<string> Identifying = new(StringComparer.Ordinal)
    {
        "name", "patient_name", "patientname", "first_name", "firstname", "last_name", "lastname", "surname", "given_name", "family_name", "full_name",
        "mrn", "medical_record_number", "hospital_number", "hospital_no", "hospital_id", "nhs_number", "ssn", "social_security_number",
        "national_id", "insurance_number", "tax_code", "codice_fiscale", "dob", "date_of_birth", "birth_date", "birthdate",
        "address", "street", "postcode", "postal_code", "zip", "zip_code", "city", "phone", "telephone", "mobile", "email", "e_mail",
    };

    /// <summary>Whether a header name identifies a person.</summary>
    public static bool IsIdentifying(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Identifying.Contains(Normalise(header));
    }

    /// <summary>One error per column that is identifying (CSV007) or not among <paramref name="allowed"/> (CSV006), at row 1.</summary>
    public static IReadOnlyList<Issue> Check(CsvTable table, IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Check(table.FileName, table.Header, allowed);
    }

    /// <summary>The same check on a file read row by row.</summary>
    public static IReadOnlyList<Issue> Check(CsvRecords records, IEnumerable<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Check(records.FileName, records.Header, allowed);
    }

    private static List<Issue> Check(string fileName, IEnumerable<string> header, IEnumerable<string> allowed)
    {
        var known = allowed.Select(Normalise).ToHashSet(StringComparer.Ordinal);
        var issues = new List<Issue>();
        foreach (var column in header)
        {
            if (IsIdentifying(column))
            {
                issues.Add(Issue.Error(CsvIssues.IdentifyingColumn, $"{fileName} row 1, column {column}",
                    $"Expected pseudonymous data only; column '{column}' identifies a person. Remove it: a patient's identity is held in the identity store, never in a kept file."));
            }
            else if (!known.Contains(Normalise(column)))
            {
                issues.Add(Issue.Error(CsvIssues.UnknownColumn, $"{fileName} row 1, column {column}",
                    $"Expected only the columns {string.Join(", ", allowed)}; found '{column}' (an unknown column is refused, not ignored: the file is kept as it is)."));
            }
        }

        return issues;
    }

    private static string Normalise(string header) => header.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_').Replace('.', '_');
}
