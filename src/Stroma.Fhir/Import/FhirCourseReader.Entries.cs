using Hl7.Fhir.Model;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;
using Codes = Stroma.Fhir.StromaTerminology.Codes;
using Ext = Stroma.Fhir.StromaTerminology.Extensions;

namespace Stroma.Fhir.Import;

/// <summary>The resources other than the Patient.</summary>
public static partial class FhirCourseReader
{
    // What Stroma's own export holds but this import does not write: derived again (eGFR), or kept by other commands (lots, safety).
    private static readonly HashSet<string> KnownNotImported = new(StringComparer.Ordinal)
    {
        "Provenance", "Device", "ResearchStudy", "ResearchSubject", "DiagnosticReport", "DocumentReference",
    };

    private sealed partial class Reader(FhirEntry patient, string sha256, DateTimeOffset now, List<Issue> issues)
    {
        private List<Issue> Issues => issues;

        private DateTimeOffset Now => now;

        // The references that name the patient: its fullUrl, Patient/id, and an absolute URL ending in Patient/id.
        private readonly HashSet<string> _patientReferences = PatientReferences(patient);

        public List<LabResult> Labs { get; } = [];

        public List<PlasmaExchangeSession> Sessions { get; } = [];

        public List<MscInfusion> Infusions { get; } = [];

        public List<DrugExposure> Drugs { get; } = [];

        public List<ClinicalEvent> Events { get; } = [];

        private static HashSet<string> PatientReferences(FhirEntry entry)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            if (entry.FullUrl is { } url)
            {
                set.Add(url);
            }

            if (entry.Resource.Id is { } id)
            {
                set.Add("Patient/" + id);
            }

            return set;
        }

        public (Core.Course.Patient Patient, PatientIdentity? Identity)? ReadPatient() => FhirCourseReader.ReadPatient(patient, issues);

        public void ReadEntry(FhirEntry entry, DateOnly? birth)
        {
            var window = new RecordWindow(birth, now);
            switch (entry.Resource)
            {
                case Observation o when HasStromaCode(o.Code, Codes.EgfrPrefix) || o.Method is { } m && HasStromaCode(m, Codes.EgfrPrefix):
                    NotImported(entry, "a derived eGFR: Stroma computes it again from the imported creatinine");
                    break;
                case Observation o when HasStromaCode(o.Code, Codes.BanffPrefix):
                    _findings.Add(entry); // read with the biopsy report that lists it
                    break;
                case DiagnosticReport r when HasStromaCode(r.Code, Codes.KidneyBiopsy):
                    _reports.Add(entry);
                    break;
                case Hl7.Fhir.Model.AdverseEvent:
                    _adverseEvents.Add(entry); // read once every infusion it may name is known
                    break;
                case BiologicallyDerivedProduct:
                    NotImported(entry, "a lot's release (the QC results against its specification and the qualified person's signature) does not travel in FHIR, "
                        + "and an unreleased lot must not open the infusion gate: import the lot with its release (import lot)", FhirIssues.LotNotImported);
                    break;
                case Observation o when HasStromaCode(o.Code, Codes.ChimerismPrefix):
                    NotImported(entry, "a chimerism result: Stroma computes it from the STR raw files (str chimerism --patient, or the STR upload page)");
                    break;
                case Observation o when HasStromaCode(o.Code, Codes.BiomarkerPrefix):
                    NotImported(entry, "a biomarker value: kept with its raw source file (array quantify, curve fit)");
                    break;
                case Observation o when StromaCode(o.Code, Codes.EventPrefix) is { } kind:
                    ReadEvent(entry, o, kind, window);
                    break;
                case Observation o:
                    ReadLab(entry, o, window);
                    break;
                case Procedure p when HasStromaCode(p.Code, Codes.PlasmaExchange):
                    ReadSession(entry, p, window);
                    break;
                case MedicationAdministration a when a.Contained.OfType<Medication>().Any(m => HasStromaCode(m.Code, Codes.MscProduct)):
                    ReadInfusion(entry, a, window);
                    break;
                case MedicationStatement s:
                    ReadDrug(entry, s, window);
                    break;
                case var r when KnownNotImported.Contains(r.TypeName):
                    NotImported(entry, r.TypeName switch
                    {
                        "DiagnosticReport" => "only kidney biopsy reports (the Stroma code kidney-biopsy) are imported",
                        "DocumentReference" => "a raw file is kept by the command that analyses it, with its bytes",
                        _ => "it describes the export itself",
                    });
                    break;
                default:
                    issues.Add(Issue.Error(FhirIssues.UnsupportedType, entry.At(string.Empty),
                        $"Expected Patient, Observation (lab, by LOINC), Procedure (plasma exchange), MedicationAdministration (MSC) or MedicationStatement; found {entry.Resource.TypeName}{Code(entry.Resource)}."));
                    break;
            }
        }

        private static string Code(Resource resource) => resource switch
        {
            Procedure p => " with code " + Describe(p.Code),
            MedicationAdministration => " of another medication than the MSC product",
            _ => string.Empty,
        };

        private static string Describe(CodeableConcept? code) =>
            code is null ? "none" : code.Coding.Count > 0 ? string.Join(", ", code.Coding.Select(c => $"{c.System}|{c.Code}")) : $"'{code.Text}'";

        // Resources not imported, one warning per kind (an export holds hundreds of Provenances): the first one's path and the count.
        private readonly Dictionary<string, (string FirstPath, int Count)> _notImported = new(StringComparer.Ordinal);

        private void NotImported(FhirEntry entry, string why, string code = FhirIssues.NotImported)
        {
            var key = $"{code}\n{entry.Resource.TypeName} not imported: {why}";
            _notImported[key] = _notImported.TryGetValue(key, out var seen) ? (seen.FirstPath, seen.Count + 1) : (entry.At(string.Empty), 1);
        }

        public void ReportNotImported()
        {
            foreach (var (key, (path, count)) in _notImported)
            {
                var (code, what) = (key[..key.IndexOf('\n', StringComparison.Ordinal)], key[(key.IndexOf('\n', StringComparison.Ordinal) + 1)..]);
                issues.Add(Issue.Warning(code, path, $"{what} ({count} {(count == 1 ? "entry" : "entries")} from here on)."));
            }
        }

        private static bool HasStromaCode(CodeableConcept? code, string prefix) => StromaCode(code, prefix) is not null;

        private static string? StromaCode(CodeableConcept? code, string prefix) =>
            code?.Coding.FirstOrDefault(c => StromaTerminology.IsStromaCodeSystem(c.System) && c.Code?.StartsWith(prefix, StringComparison.Ordinal) == true)?.Code?[prefix.Length..];

        // The subject must be the bundle's Patient.
        private bool CheckSubject(FhirEntry entry, ResourceReference? subject, string element = ".subject")
        {
            if (subject?.Reference is not { Length: > 0 } reference)
            {
                issues.Add(Issue.Error(FhirIssues.Missing, entry.At(element), $"Expected a reference to the Patient; found none."));
                return false;
            }

            var id = patient.Resource.Id;
            if (_patientReferences.Contains(reference) || (id is not null && reference.EndsWith("/Patient/" + id, StringComparison.Ordinal)))
            {
                return true;
            }

            issues.Add(Issue.Error(FhirIssues.BadReference, entry.At(element + ".reference"),
                $"Expected a reference to the input's Patient ({string.Join(" or ", _patientReferences.Order(StringComparer.Ordinal))}); found '{reference}'."));
            return false;
        }

        private DateTimeOffset? When(FhirEntry entry, DataType? value, string element, RecordWindow window, string what)
        {
            if (value is not FhirDateTime dt)
            {
                issues.Add(Issue.Error(FhirIssues.Missing, entry.At(element + "DateTime"), $"Expected {element[1..]}DateTime; found {value?.TypeName ?? "none"}."));
                return null;
            }

            var at = Instant(dt.Value, entry.At(element + "DateTime"), issues);
            if (at is { } t && window.Check(t, entry.At(element + "DateTime"), what) is { } outside)
            {
                issues.Add(outside with { Code = FhirIssues.BadValue });
                return null;
            }

            return at;
        }

        private void ReadLab(FhirEntry entry, Observation o, RecordWindow window)
        {
            var subject = CheckSubject(entry, o.Subject);
            var loinc = o.Code?.Coding.Where(c => c.System == StromaTerminology.Loinc).Select(c => c.Code).FirstOrDefault(c => c is not null && ByLoinc.ContainsKey(c));
            if (loinc is null)
            {
                issues.Add(Issue.Error(FhirIssues.UnmappedCode, entry.At(".code"),
                    $"Expected a LOINC code Stroma keeps ({string.Join(", ", ByLoinc.Keys.Order(StringComparer.Ordinal))}); found {Describe(o.Code)}."));
                return;
            }

            var (analyte, specimen) = ByLoinc[loinc];
            var at = When(entry, o.Effective, ".effective", window, "sample time");
            if (o.Value is not Quantity q)
            {
                issues.Add(Issue.Error(FhirIssues.Missing, entry.At(".valueQuantity"), $"Expected a valueQuantity; found {o.Value?.TypeName ?? "none"}."));
                return;
            }

            var unit = Unit(entry, q, analyte);
            if (q.Value is null)
            {
                issues.Add(Issue.Error(FhirIssues.Missing, entry.At(".valueQuantity.value"), $"Expected a value; found none."));
                return;
            }

            if (o.Contained.OfType<Hl7.Fhir.Model.Specimen>().FirstOrDefault() is { } contained
                && StromaCode(contained.Type, Codes.SpecimenPrefix) is { } name && LabCsv.ParseSpecimen(name) is { } kind)
            {
                specimen = kind;
            }

            if (!subject || at is null || unit is null)
            {
                return;
            }

            var read = LabResult.Read(RecordId(o, o.Identifier, "lab-result"), analyte, at.Value, Number(q.Value)!.Value, unit, specimen, entry.At(".valueQuantity"), sha256);
            issues.AddRange(read.Issues.Select(i => i with { Code = i.Severity == Severity.Error ? FhirIssues.BadValue : i.Code }));
            if (!read.HasErrors)
            {
                Labs.Add(read.Value!);
            }
        }

        // The UCUM code of a quantity, if it is one the analyte accepts (never an alias or free text).
        private string? Unit(FhirEntry entry, Quantity q, Analyte analyte)
        {
            var accepted = Analytes.KindOf(analyte).Units.Select(u => u.Ucum).ToList();
            if (q.System != StromaTerminology.Ucum)
            {
                issues.Add(Issue.Error(FhirIssues.NotUcum, entry.At(".valueQuantity.system"), $"Expected the UCUM system {StromaTerminology.Ucum}; found '{q.System}'."));
                return null;
            }

            var code = q.Code;
            if (code is null && q.Unit is { } unit)
            {
                issues.Add(Issue.Warning(FhirIssues.UnitWithoutCode, entry.At(".valueQuantity.code"), $"Expected a UCUM code; found none, and read the unit '{unit}' as the code."));
                code = unit;
            }

            if (code is null || !accepted.Contains(code, StringComparer.Ordinal))
            {
                issues.Add(Issue.Error(FhirIssues.NotUcum, entry.At(".valueQuantity.code"),
                    $"Expected a UCUM code for {Analytes.KindOf(analyte).Name} ({string.Join(", ", accepted)}); found '{code}'."));
                return null;
            }

            return code;
        }

        private void ReadSession(FhirEntry entry, Procedure p, RecordWindow window)
        {
            var subject = CheckSubject(entry, p.Subject);
            var at = When(entry, p.Performed, ".performed", window, "plasma exchange");
            if (!subject || at is null)
            {
                return;
            }

            var volumes = Number((Find(p.Extension, Ext.PlasmaVolumes)?.Value as FhirDecimal)?.Value);
            var ml = Number((Find(p.Extension, Ext.ExchangedVolume)?.Value as Quantity)?.Value);
            Sessions.Add(new PlasmaExchangeSession(RecordId(p, p.Identifier, "plasma-exchange"), at.Value, volumes, ml,
                p.UsedCode.FirstOrDefault()?.Text ?? "not recorded", p.Note.FirstOrDefault()?.Text));
        }

        private void ReadInfusion(FhirEntry entry, MedicationAdministration a, RecordWindow window)
        {
            var subject = CheckSubject(entry, a.Subject);
            var at = When(entry, a.Effective, ".effective", window, "start of the infusion");
            var lot = a.Contained.OfType<Medication>().First().Batch?.LotNumber;
            if (string.IsNullOrWhiteSpace(lot))
            {
                issues.Add(Issue.Error(FhirIssues.Missing, entry.At(".contained[0].batch.lotNumber"), $"Expected the MSC lot number; found none."));
            }

            var perKg = Number((Find(a.Dosage?.Extension ?? [], Ext.DosePerKilogram)?.Value as Quantity)?.Value);
            var kg = Number((Find(a.Dosage?.Extension ?? [], Ext.WeightAtInfusion)?.Value as Quantity)?.Value);
            var total = Number((a.Dosage?.Dose)?.Value);
            if (perKg is not > 0 || kg is not > 0 || total is not > 0)
            {
                issues.Add(Issue.Error(FhirIssues.Missing, entry.At(".dosage"), $"Expected the dose (total cells), the dose per kilogram and the weight, each positive; found {total}, {perKg}, {kg}."));
                return;
            }

            if (!subject || at is null || string.IsNullOrWhiteSpace(lot))
            {
                return;
            }

            var note = a.Note.FirstOrDefault()?.Text;
            const string Premedication = "Premedication: ";
            KeepInfusionReference(entry, RecordId(a, a.Identifier, "infusion"));
            Infusions.Add(new MscInfusion(RecordId(a, a.Identifier, "infusion"), at.Value, lot, CellDose.FromCellsPerKilogram(perKg.Value), total.Value,
                Weight.FromKilograms(kg.Value), a.Dosage?.Route?.Text ?? "intravenous",
                note is not null && note.StartsWith(Premedication, StringComparison.Ordinal) ? note[Premedication.Length..] : note));
        }

        private void ReadDrug(FhirEntry entry, MedicationStatement s, RecordWindow window)
        {
            var subject = CheckSubject(entry, s.Subject);
            var name = (s.Medication as CodeableConcept) is { } code ? code.Text ?? code.Coding.FirstOrDefault()?.Display : null;
            if (string.IsNullOrWhiteSpace(name))
            {
                issues.Add(Issue.Error(FhirIssues.Missing, entry.At(".medicationCodeableConcept.text"), $"Expected the drug's name; found none."));
            }

            var period = s.Effective as Period;
            var start = Day(period?.Start, entry.At(".effectivePeriod.start"), issues);
            var stop = Day(period?.End, entry.At(".effectivePeriod.end"), issues, required: false);
            if (start is { } d && window.Check(d, entry.At(".effectivePeriod.start"), "start of the drug") is { } outside)
            {
                issues.Add(outside with { Code = FhirIssues.BadValue });
                return;
            }

            var dose = s.Dosage.FirstOrDefault()?.DoseAndRate.FirstOrDefault()?.Dose as Quantity;
            if (subject && start is not null && !string.IsNullOrWhiteSpace(name))
            {
                Drugs.Add(new DrugExposure(RecordId(s, s.Identifier, "drug"), name, Number(dose?.Value), dose?.Unit, start.Value, stop));
            }
        }

        private void ReadEvent(FhirEntry entry, Observation o, string kind, RecordWindow window)
        {
            var subject = CheckSubject(entry, o.Subject);
            var at = When(entry, o.Effective, ".effective", window, "event");
            if (!Enum.TryParse<ClinicalEventKind>(kind, ignoreCase: true, out var eventKind))
            {
                issues.Add(Issue.Error(FhirIssues.UnmappedCode, entry.At(".code"), $"Expected an event kind ({string.Join(", ", Enum.GetNames<ClinicalEventKind>())}); found '{kind}'."));
                return;
            }

            if (subject && at is not null)
            {
                Events.Add(new ClinicalEvent(RecordId(o, o.Identifier, "clinical-event"), at.Value, eventKind, (o.Value as FhirString)?.Value ?? string.Empty));
            }
        }
    }
}
