using System.Globalization;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;
using Stroma.Core.Text;

namespace Stroma.Core.Course;

/// <summary>Stable issue codes for course files.</summary>
public static class CourseJsonIssues
{
    /// <summary>The file is not well-formed JSON or does not have the course's shape (a missing required or unknown property).</summary>
    public const string Malformed = "COURSEJSON001";

    /// <summary>A value is invalid (an unknown sex, a time without an offset, an impossible dose, ...).</summary>
    public const string BadValue = "COURSEJSON002";

    /// <summary>Two records of the same kind share an id.</summary>
    public const string DuplicateId = "COURSEJSON003";
}

/// <summary>
/// Reads a whole patient course from one JSON document, so a centre can enter a patient with its transplants, plasma exchange
/// sessions, MSC infusions, drugs, events and labs in one transaction. Property names are camelCase; unknown properties are errors;
/// times are ISO 8601 with a UTC offset; every value goes through the same checks as the CSV import and the quantity readers, and
/// every problem is reported with its JSON path (<c>$.infusions[1].weight.unit</c>). An infusion gives either
/// <c>cellsPerKilogram</c> or <c>totalCells</c>; the other is computed from <c>weight</c>. Dates follow <see cref="RecordWindow"/>:
/// a plausible birth date, transplants and records not before birth nor in the future, a recurrence not before the first transplant,
/// a drug not stopped before it started.
/// </summary>
public static class CourseJson
{
    /// <summary>Reads a course and the optional identity against the system clock; the value is absent when anything is wrong.</summary>
    public static ReadResult<(PatientCourse Course, PatientIdentity? Identity)> Read(ReadOnlySpan<byte> json, string fileName) => Read(json, fileName, DateTimeOffset.UtcNow);

    /// <summary>Reads a course and the optional identity, judging dates against <paramref name="now"/>; the value is absent when anything is wrong.</summary>
    public static ReadResult<(PatientCourse Course, PatientIdentity? Identity)> Read(ReadOnlySpan<byte> json, string fileName, DateTimeOffset now)
    {
        var parsed = StrictJson.Read<CourseDocument>(json, fileName, CourseJsonIssues.Malformed, "a course document");
        if (parsed.Value is not { } document)
        {
            return ReadResult.Failed<(PatientCourse, PatientIdentity?)>(parsed.Issues);
        }

        var issues = new List<Issue>();
        var reader = new ValueReader(fileName, issues);
        var p = document.Patient;
        reader.Add(PatientIds.Check(p.Id, $"{fileName} $.patient.id", CourseJsonIssues.BadValue));
        if (document.Identity is { } given)
        {
            reader.Add(PatientIds.CheckIdentityField(given.Name, $"{fileName} $.identity.name", CourseJsonIssues.BadValue));
            reader.Add(PatientIds.CheckIdentityField(given.HospitalNumber, $"{fileName} $.identity.hospitalNumber", CourseJsonIssues.BadValue));
        }

        var sex = reader.Sex(p.Sex, "$.patient.sex");
        var count = issues.Count;
        var birth = reader.Date(p.BirthDate, "$.patient.birthDate");
        var birthProblem = issues.Count == count ? RecordWindow.CheckBirthDate(birth, now, $"{fileName} $.patient.birthDate") : null;
        reader.Add(birthProblem);
        reader.Window = new RecordWindow(issues.Count == count ? birth : null, now);
        var transplants = (p.Transplants ?? []).Select((t, i) => new Transplant(reader.On(t.Date, $"$.patient.transplants[{i}].date", "transplant date"), reader.Enum<DonorType>(t.DonorType, $"$.patient.transplants[{i}].donorType"))).ToList();
        DateOnly? recurrence = p.RecurrenceDate is null ? null : reader.On(p.RecurrenceDate, "$.patient.recurrenceDate", "recurrence date");
        if (recurrence is { } r && transplants.Count > 0 && r < transplants.Min(t => t.Date))
        {
            reader.Add(Issue.Error(QuantityIssues.ImpossibleDate, $"{fileName} $.patient.recurrenceDate",
                $"Expected a recurrence in the graft, on or after the first transplant ({transplants.Min(t => t.Date):yyyy-MM-dd}); found {r:yyyy-MM-dd}."));
        }

        var patient = new Patient(p.Id, birth, sex, p.PrimaryDisease, transplants, recurrence);
        var sessions = (document.Sessions ?? []).Select((s, i) => new PlasmaExchangeSession(s.Id, reader.When(s.At, $"$.sessions[{i}].at", "session time"),
            reader.Positive(s.PlasmaVolumes, CourseEntry.MaxPlasmaVolumes, $"$.sessions[{i}].plasmaVolumes"), reader.Positive(s.VolumeMl, CourseEntry.MaxVolumeMl, $"$.sessions[{i}].volumeMl"), s.ReplacementFluid, s.Notes)).ToList();
        var infusions = (document.Infusions ?? []).Select((f, i) => reader.Infusion(f, i)).OfType<MscInfusion>().ToList();
        var drugs = (document.Drugs ?? []).Select((d, i) => reader.Drug(d, i)).ToList();
        var events = (document.Events ?? []).Select((e, i) => new ClinicalEvent(e.Id, reader.When(e.At, $"$.events[{i}].at", "event time"), reader.Enum<ClinicalEventKind>(e.Kind, $"$.events[{i}].kind"), e.Description)).ToList();
        var labs = (document.Labs ?? []).Select((l, i) => reader.Lab(l, i)).OfType<LabResult>().ToList();
        reader.Unique(sessions.Select(s => s.Id), "sessions");
        reader.Unique(infusions.Select(s => s.Id), "infusions");
        reader.Unique(drugs.Select(s => s.Id), "drugs");
        reader.Unique(events.Select(s => s.Id), "events");
        reader.Unique(labs.Select(s => s.Id), "labs");
        if (issues.Any(i => i.Severity == Severity.Error))
        {
            return ReadResult.Failed<(PatientCourse, PatientIdentity?)>(issues);
        }

        var identity = document.Identity is { } id ? new PatientIdentity(p.Id, id.Name, id.HospitalNumber) : null;
        return ReadResult.Of((new PatientCourse(patient, labs, sessions, infusions, drugs, events), identity), issues);
    }

    private sealed class ValueReader(string fileName, List<Issue> issues)
    {
        private readonly JsonFields _fields = new(fileName, CourseJsonIssues.BadValue, issues);

        /// <summary>The dates records may have; set once the birth date is read.</summary>
        public RecordWindow? Window { get; set; }

        public void Add(Issue? issue)
        {
            if (issue is not null)
            {
                issues.Add(issue);
            }
        }

        // A time that must also lie in the window.
        public DateTimeOffset When(string text, string path, string what)
        {
            var count = issues.Count;
            var at = Time(text, path);
            Add(issues.Count == count ? Window?.Check(at, $"{fileName} {path}", what) : null);
            return at;
        }

        // A date that must also lie in the window.
        public DateOnly On(string text, string path, string what)
        {
            var count = issues.Count;
            var date = Date(text, path);
            Add(issues.Count == count ? Window?.Check(date, $"{fileName} {path}", what) : null);
            return date;
        }

        public DrugExposure Drug(DrugDocument d, int i)
        {
            var start = On(d.Start, $"$.drugs[{i}].start", "drug start");
            DateOnly? stop = d.Stop is null ? null : Date(d.Stop, $"$.drugs[{i}].stop");
            if (stop < start)
            {
                Add(Issue.Error(QuantityIssues.ImpossibleDate, $"{fileName} $.drugs[{i}].stop", $"Expected a stop on or after the start ({start:yyyy-MM-dd}); found {stop:yyyy-MM-dd}."));
            }

            return new DrugExposure(d.Id, d.Name, d.Dose, d.DoseUnit, start, stop);
        }

        public Sex Sex(string text, string path) => text.Trim().ToUpperInvariant() switch
        {
            "F" or "FEMALE" => Quantities.Sex.Female,
            "M" or "MALE" => Quantities.Sex.Male,
            _ => Fail(path, $"Expected F or M; found '{text}'.", Quantities.Sex.Female),
        };

        public T Enum<T>(string text, string path)
            where T : struct, System.Enum => _fields.Kind<T>(text, path);

        public DateOnly Date(string text, string path) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : Fail(path, $"Expected a date yyyy-MM-dd; found '{text}'.", default(DateOnly));

        public DateTimeOffset Time(string text, string path) => _fields.Time(text, path);

        public double? Positive(double? value, double max, string path) =>
            value is null or (> 0 and <= double.MaxValue) && (value ?? 0) <= max
                ? value
                : Fail<double?>(path, $"Expected a positive number up to {max}; found {value}.", null);

        public MscInfusion? Infusion(InfusionDocument f, int i)
        {
            var path = $"$.infusions[{i}]";
            var weight = Weight.Read(f.Weight.Value, f.Weight.Unit, $"{fileName} {path}.weight");
            issues.AddRange(weight.Issues);
            var at = When(f.At, $"{path}.at", "infusion time");
            if ((f.CellsPerKilogram is null) == (f.TotalCells is null))
            {
                Fail(path, $"Expected exactly one of cellsPerKilogram and totalCells; found {(f.CellsPerKilogram is null ? "neither" : "both")}.", 0);
                return null;
            }

            if (weight.HasErrors || f.CellsPerKilogram is <= 0 or > 1e9 || f.TotalCells is <= 0 or > 1e12)
            {
                if (!weight.HasErrors)
                {
                    Fail($"{path}.{(f.CellsPerKilogram is null ? "totalCells" : "cellsPerKilogram")}", $"Expected a positive cell dose; found {f.CellsPerKilogram ?? f.TotalCells}.", 0);
                }

                return null;
            }

            return f.CellsPerKilogram is { } perKg
                ? MscInfusion.FromDosePerKilogram(f.Id, at, f.LotId, CellDose.FromCellsPerKilogram(perKg), weight.Value, f.Route, f.Premedication)
                : MscInfusion.FromTotalCells(f.Id, at, f.LotId, f.TotalCells!.Value, weight.Value, f.Route, f.Premedication);
        }

        public LabResult? Lab(LabDocument l, int i)
        {
            var path = $"$.labs[{i}]";
            if (!Analytes.ByName.TryGetValue(l.Analyte, out var analyte))
            {
                return Fail<LabResult?>($"{path}.analyte", $"Expected one of {string.Join(", ", Analytes.ByName.Keys)}; found '{l.Analyte}'.", null);
            }

            Specimen? specimen = null;
            if (l.Specimen is not null && (specimen = LabCsv.ParseSpecimen(l.Specimen)) is null)
            {
                return Fail<LabResult?>($"{path}.specimen", $"Expected a specimen name as in the lab CSV; found '{l.Specimen}'.", null);
            }

            var result = LabResult.Read(l.Id, analyte, When(l.SampledAt, $"{path}.sampledAt", "sample time"), l.Value, l.Unit, specimen, $"{fileName} {path}");
            issues.AddRange(result.Issues);
            return result.Value;
        }

        public void Unique(IEnumerable<string> ids, string collection)
        {
            foreach (var duplicate in ids.GroupBy(x => x, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                issues.Add(Issue.Error(CourseJsonIssues.DuplicateId, $"{fileName} $.{collection}", $"Expected unique ids; '{duplicate.Key}' appears {duplicate.Count()} times."));
            }
        }

        private T Fail<T>(string path, string message, T fallback) => _fields.Fail(path, message, fallback);
    }

    private sealed record CourseDocument(PatientDocument Patient, IdentityDocument? Identity = null, List<SessionDocument>? Sessions = null, List<InfusionDocument>? Infusions = null, List<DrugDocument>? Drugs = null, List<EventDocument>? Events = null, List<LabDocument>? Labs = null);

    private sealed record PatientDocument(string Id, string BirthDate, string Sex, string PrimaryDisease, List<TransplantDocument>? Transplants = null, string? RecurrenceDate = null);

    private sealed record TransplantDocument(string Date, string DonorType);

    private sealed record IdentityDocument(string Name, string HospitalNumber);

    private sealed record SessionDocument(string Id, string At, string ReplacementFluid, double? PlasmaVolumes = null, double? VolumeMl = null, string? Notes = null);

    private sealed record InfusionDocument(string Id, string At, string LotId, QuantityDocument Weight, string Route, double? CellsPerKilogram = null, double? TotalCells = null, string? Premedication = null);

    private sealed record QuantityDocument(double Value, string Unit);

    private sealed record DrugDocument(string Id, string Name, string Start, double? Dose = null, string? DoseUnit = null, string? Stop = null);

    private sealed record EventDocument(string Id, string At, string Kind, string Description);

    private sealed record LabDocument(string Id, string SampledAt, string Analyte, double Value, string Unit, string? Specimen = null);
}
