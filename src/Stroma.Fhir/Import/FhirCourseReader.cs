using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;
using Ext = Stroma.Fhir.StromaTerminology.Extensions;
using Specimen = Stroma.Core.Course.Specimen;
using StromaPatient = Stroma.Core.Course.Patient;

namespace Stroma.Fhir.Import;

/// <summary>A course read from FHIR: the patient's course and its identity, if the input has one.</summary>
/// <param name="Course">The course.</param>
/// <param name="Identity">Name and hospital number, or null.</param>
public sealed record FhirCourse(PatientCourse Course, PatientIdentity? Identity)
{
    /// <summary>The adverse events (written with the course, by the rules of <c>import safety</c>).</summary>
    public IReadOnlyList<Core.Safety.AdverseEvent> AdverseEvents { get; init; } = [];

    /// <summary>The biopsy reports.</summary>
    public IReadOnlyList<Core.Biopsy.BiopsyReport> Biopsies { get; init; } = [];
}

/// <summary>
/// Reads one patient's course from FHIR R4 JSON (a collection, transaction or batch Bundle, a single resource, or NDJSON): the Patient,
/// lab Observations by LOINC with UCUM units (converted by the analyte's quantity rules), plasma exchange Procedures, MSC
/// MedicationAdministrations, MedicationStatements, clinical events, adverse events and kidney biopsy reports (DiagnosticReport and its
/// findings). Lots and bags are not imported (FHIR022: their release cannot travel). Every problem is an issue naming the entry and a FHIRPath; what
/// Stroma derives itself (eGFR, Provenance) or keeps elsewhere is reported as not imported, never dropped silently.
/// </summary>
public static partial class FhirCourseReader
{
    // Every LOINC code Stroma writes, back to its analyte; the 24-hour urine codes also say the specimen.
    private const string UsCoreBirthSex = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex";

    private static readonly Dictionary<string, (Analyte Analyte, Specimen? Specimen)> ByLoinc = BuildLoincMap();

    /// <summary>
    /// The largest input read (256 MiB): one patient's course, about 600 000 Observations. Reading takes some 60 bytes of memory per
    /// byte of JSON, so a larger file would exhaust the machine instead of being refused.
    /// </summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>The problem with an input of <paramref name="length"/> bytes (FHIR025 when over <see cref="MaxBytes"/>), or null.</summary>
    public static Issue? CheckLength(long length, string fileName) => length <= MaxBytes ? null
        : Issue.Error(FhirIssues.TooLarge, fileName, $"Expected at most {MaxBytes} bytes (one patient's course); found {length}. Split the input by patient.");

    /// <summary>Reads the input; <paramref name="now"/> bounds the dates (nothing later than now plus a day).</summary>
    public static ReadResult<FhirCourse> Read(byte[] content, string fileName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (CheckLength(content.LongLength, fileName) is { } tooLarge)
        {
            return ReadResult.Failed<FhirCourse>([tooLarge]);
        }

        var issues = new List<Issue>();
        var entries = FhirInput.Parse(content, fileName, issues);
        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<FhirCourse>(issues);
        }

        // The input's own Stroma codes name the canonical base they were written under (another deployment's, perhaps): read under it.
        var declared = StromaTerminology.DeclaredBase(entries.SelectMany(e => Server.PatientResources.Descendants(e.Resource)).OfType<Coding>().Select(c => c.System));
        using var terminology = declared is null ? null : StromaTerminology.Use(declared);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var patients = entries.Where(e => e.Resource is Hl7.Fhir.Model.Patient).ToList();
        if (patients.Count != 1)
        {
            issues.Add(Issue.Error(FhirIssues.Patient, $"{fileName} {(patients.Count == 0 ? "Bundle" : patients[1].Path)}", $"Expected exactly one Patient; found {patients.Count}."));
            return ReadResult.Failed<FhirCourse>(issues);
        }

        var reader = new Reader(patients[0], sha, now, issues);
        var patient = reader.ReadPatient();
        foreach (var entry in entries.Where(e => e != patients[0]))
        {
            reader.ReadEntry(entry, patient?.Patient.BirthDate);
        }

        reader.ReadSafety(patient?.Patient.BirthDate);
        reader.ReportNotImported();

        if (patient is null || issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<FhirCourse>(issues);
        }

        var course = new PatientCourse(patient.Value.Patient, reader.Labs, reader.Sessions, reader.Infusions, reader.Drugs, reader.Events);
        return ReadResult.Of(new FhirCourse(course, patient.Value.Identity) { AdverseEvents = reader.AdverseEvents, Biopsies = reader.Biopsies }, issues);
    }

    private static Dictionary<string, (Analyte, Specimen?)> BuildLoincMap()
    {
        var map = new Dictionary<string, (Analyte, Specimen?)>(StringComparer.Ordinal);
        foreach (var analyte in Enum.GetValues<Analyte>())
        {
            foreach (var unit in Analytes.KindOf(analyte).Units)
            {
                foreach (var specimen in Enum.GetValues<Specimen>())
                {
                    if (Analytes.Loinc(analyte, unit.Ucum, specimen) is { } code)
                    {
                        map.TryAdd(code, (analyte, specimen == Specimen.Urine24Hour ? Specimen.Urine24Hour : null));
                    }
                }
            }
        }

        return map;
    }

    /// <summary>The record id an imported resource keeps: Stroma's own identifier, else one made from the first identifier, the resource id or the content.</summary>
    internal static string RecordId(Resource resource, IEnumerable<Identifier> identifiers, string kind)
    {
        var list = identifiers.ToList();
        if (list.FirstOrDefault(i => StromaTerminology.SameUrl(i.System, StromaTerminology.IdentifierSystem(kind)) && !string.IsNullOrWhiteSpace(i.Value)) is { } own)
        {
            return own.Value!;
        }

        var basis = list.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.Value)) is { } first ? $"identifier\n{first.System}\n{first.Value}"
            : !string.IsNullOrWhiteSpace(resource.Id) ? $"id\n{resource.TypeName}\n{resource.Id}"
            : "content\n" + Export.FhirExports.ToJson(resource);
        return "fhir-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(basis)))[..16];
    }

    /// <summary>A FHIR dateTime as an instant: a date without a time is midnight UTC (with a warning), a partial date is refused.</summary>
    internal static DateTimeOffset? Instant(string? value, string location, List<Issue> issues)
    {
        if (string.IsNullOrEmpty(value))
        {
            issues.Add(Issue.Error(FhirIssues.Missing, location, $"Expected a dateTime; found none."));
            return null;
        }

        if (value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            issues.Add(Issue.Warning(FhirIssues.DateOnly, location, $"Expected a time of day; found the date {value}, read as {value}T00:00:00Z."));
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        if (value.Length > 10 && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        issues.Add(Issue.Error(FhirIssues.BadValue, location, $"Expected a dateTime with a day (YYYY-MM-DD, with a time and offset); found '{value}'."));
        return null;
    }

    internal static DateOnly? Day(string? value, string location, List<Issue> issues, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                issues.Add(Issue.Error(FhirIssues.Missing, location, $"Expected a date; found none."));
            }

            return null;
        }

        if (value.Length >= 10 && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        issues.Add(Issue.Error(FhirIssues.BadValue, location, $"Expected a full date (YYYY-MM-DD); found '{value}'."));
        return null;
    }

    // Through the decimal's text: a cast may lose the last digit of a double written with all 17 (the round trip must be exact).
    internal static double? Number(decimal? value) => value is { } v ? double.Parse(v.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null;

    internal static Extension? Find(IEnumerable<Extension> extensions, string url) => extensions.FirstOrDefault(e => StromaTerminology.SameUrl(e.Url, url));

    internal static (StromaPatient Patient, PatientIdentity? Identity)? ReadPatient(FhirEntry entry, List<Issue> issues)
    {
        var p = (Hl7.Fhir.Model.Patient)entry.Resource;
        var id = p.Identifier.FirstOrDefault(i => StromaTerminology.SameUrl(i.System, StromaTerminology.IdentifierSystem("patient")))?.Value ?? p.Id;
        var before = issues.Count;
        if (PatientIds.Check(id, entry.At(".id"), FhirIssues.BadValue) is { } badId)
        {
            issues.Add(badId);
        }

        var birth = Day(p.BirthDate, entry.At(".birthDate"), issues);
        Sex? sex = p.Gender switch
        {
            AdministrativeGender.Female => Sex.Female,
            AdministrativeGender.Male => Sex.Male,
            _ => null,
        };
        if (p.Gender is null && (Find(p.Extension, UsCoreBirthSex)?.Value as Code)?.Value is "F" or "M")
        {
            // US Core carries the sex assigned at birth in its own extension (its examples may leave gender out).
            sex = (Find(p.Extension, UsCoreBirthSex)?.Value as Code)?.Value == "F" ? Sex.Female : Sex.Male;
            issues.Add(Issue.Information(FhirIssues.UnmappedCode, entry.At(".gender"), $"No gender: the sex was read from the US Core birth sex extension ({sex})."));
        }

        if (sex is null)
        {
            issues.Add(Issue.Error(FhirIssues.UnmappedCode, entry.At(".gender"), $"Expected gender male or female (the eGFR equations need the sex); found {p.Gender?.ToString() ?? "none"}."));
        }

        var transplants = new List<Transplant>();
        foreach (var (tx, i) in p.Extension.Where(e => StromaTerminology.SameUrl(e.Url, Ext.Transplant)).Select((e, i) => (e, i)))
        {
            var where = entry.At($".extension('{Ext.Transplant}')[{i}]");
            var date = Day((Find(tx.Extension, "date")?.Value as Date)?.Value, where + ".extension('date')", issues);
            var donor = (Find(tx.Extension, "donorType")?.Value as Code)?.Value;
            if (!Enum.TryParse<DonorType>(donor, ignoreCase: false, out var donorType))
            {
                issues.Add(Issue.Error(FhirIssues.UnmappedCode, where + ".extension('donorType')", $"Expected a donor type ({string.Join(", ", Enum.GetNames<DonorType>())}); found '{donor}'."));
            }
            else if (date is { } d)
            {
                transplants.Add(new Transplant(d, donorType));
            }
        }

        var recurrence = Day((Find(p.Extension, Ext.RecurrenceDate)?.Value as Date)?.Value, entry.At($".extension('{Ext.RecurrenceDate}')"), issues, required: false);
        var disease = (Find(p.Extension, Ext.PrimaryDisease)?.Value as FhirString)?.Value ?? "not recorded";
        var synthetic = (Find(p.Extension, Ext.Synthetic)?.Value as FhirBoolean)?.Value == true;
        if (issues.Skip(before).Any(i => i.Severity == Severity.Error) || birth is null || sex is null)
        {
            return null;
        }

        var name = p.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? p.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Usual)
            ?? p.Name.FirstOrDefault(n => n.Period?.End is null) ?? p.Name.FirstOrDefault();
        var nameText = name is null ? null : name.Text ?? string.Join(' ', name.Given.Append(name.Family).Where(s => !string.IsNullOrWhiteSpace(s)));
        var number = p.Identifier.FirstOrDefault(i => i.Type?.Coding.Any(c => c.System == StromaTerminology.IdentifierType && c.Code == "MR") == true)?.Value;
        PatientIdentity? identity = null;
        if (!string.IsNullOrWhiteSpace(nameText) && !string.IsNullOrWhiteSpace(number))
        {
            identity = new PatientIdentity(id!, nameText, number);
        }

        return (new StromaPatient(id!, birth.Value, sex.Value, disease, transplants, recurrence, synthetic), identity);
    }
}
