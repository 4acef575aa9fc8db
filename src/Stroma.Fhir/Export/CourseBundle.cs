using Hl7.Fhir.Model;
using Analyte = Stroma.Core.Course.Analyte;
using Analytes = Stroma.Core.Course.Analytes;
using LabCsv = Stroma.Core.Course.LabCsv;
using Stroma.Core.Renal;
using static Stroma.Fhir.Export.FhirValues;
using Codes = Stroma.Fhir.StromaTerminology.Codes;
using Ext = Stroma.Fhir.StromaTerminology.Extensions;

namespace Stroma.Fhir.Export;

/// <summary>
/// One patient's course as a FHIR R4 Bundle of type collection: the Patient, an Observation per lab (LOINC, UCUM, the value as reported
/// and the canonical one), the derived eGFR Observations (derivedFrom the creatinine, method naming the equation and its version), a
/// Procedure per plasma exchange, a MedicationAdministration per MSC infusion (the lot in a contained Medication, supportingInformation
/// the bag's BiologicallyDerivedProduct with its ISBT 128 DIN), concomitant drugs, clinical events, adverse events (CTCAE term and
/// grade), biopsies (DiagnosticReport with the Banff scores), chimerism per contributor and biomarker series (Observations derivedFrom the
/// raw files as DocumentReferences carrying their SHA-256), the study and the patient's participation — and a Provenance per resource
/// naming the Stroma record it came from. Pure: the same input gives the same bundle.
/// </summary>
public static partial class CourseBundle
{
    /// <summary>The software that made the export (the Provenance's agent).</summary>
    public const string DeviceName = "Stroma";

    /// <summary>Builds the bundle.</summary>
    public static Bundle Build(CourseExport export)
    {
        ArgumentNullException.ThrowIfNull(export);
        var b = new Builder(export);
        b.AddPatient();
        b.AddLabs();
        b.AddEgfr();
        b.AddSessions();
        b.AddProducts();
        b.AddInfusions();
        b.AddDrugs();
        b.AddEvents();
        b.AddAdverseEvents();
        b.AddBiopsies();
        b.AddChimerism();
        b.AddBiomarkers();
        b.AddStudy();
        return b.Finish();
    }

    private sealed partial class Builder(CourseExport export)
    {
        private readonly List<(Resource Resource, string Kind, string RecordId)> _entries = [];
        private readonly string _patientId = export.Course.Patient.Id;

        private CourseExport Export => export;

        private ResourceReference PatientReference => Reference("patient", _patientId);

        private ResourceReference Reference(string kind, string recordId) => new("urn:uuid:" + ResourceId(_patientId, kind, recordId));

        private T Add<T>(T resource, string kind, string recordId)
            where T : Resource
        {
            resource.Id = ResourceId(_patientId, kind, recordId);
            _entries.Add((resource, kind, recordId));
            return resource;
        }

        public void AddPatient()
        {
            var p = export.Course.Patient;
            var patient = new Patient
            {
                Identifier = [Identifier("patient", p.Id)],
                Gender = p.Sex == Core.Quantities.Sex.Female ? AdministrativeGender.Female : AdministrativeGender.Male,
                BirthDateElement = export.BirthYear is { } year ? new Date(year) : Date(p.BirthDate),
            };
            patient.Extension.Add(new Extension(Ext.PrimaryDisease, new FhirString(p.PrimaryDisease)));
            foreach (var t in p.Transplants)
            {
                var tx = new Extension { Url = Ext.Transplant };
                tx.Extension.Add(new Extension("date", Date(t.Date)));
                tx.Extension.Add(new Extension("donorType", new Code(t.DonorType.ToString())));
                patient.Extension.Add(tx);
            }

            if (p.RecurrenceDate is { } recurrence)
            {
                patient.Extension.Add(new Extension(Ext.RecurrenceDate, Date(recurrence)));
            }

            if (p.IsSynthetic)
            {
                patient.Extension.Add(new Extension(Ext.Synthetic, new FhirBoolean(true)));
            }

            if (export.Identity is { } identity)
            {
                patient.Name = [new HumanName { Use = HumanName.NameUse.Official, Text = identity.Name }];
                patient.Identifier.Add(new Identifier(IdentifierSystem("hospital-number"), identity.HospitalNumber)
                {
                    Type = new CodeableConcept(StromaTerminology.IdentifierType, "MR", "Medical record number"),
                });
            }

            Add(patient, "patient", p.Id);
        }

        private static string IdentifierSystem(string kind) => StromaTerminology.IdentifierSystem(kind);

        public void AddLabs()
        {
            foreach (var lab in export.Course.Labs.OrderBy(l => l.SampledAt).ThenBy(l => l.Id, StringComparer.Ordinal))
            {
                var body = lab.Analyte is Analyte.Height or Analyte.Weight;
                var code = new CodeableConcept { Text = Analytes.NameOf(lab.Analyte) };
                if (lab.Loinc is { } loinc)
                {
                    code.Coding.Add(new Coding(StromaTerminology.Loinc, loinc));
                }

                var obs = new Observation
                {
                    Identifier = [Identifier("lab-result", lab.Id)],
                    Status = ObservationStatus.Final,
                    Category = [new CodeableConcept(StromaTerminology.ObservationCategory, body ? "vital-signs" : "laboratory")],
                    Code = code,
                    Subject = PatientReference,
                    Effective = DateTime(lab.SampledAt),
                    Value = Ucum(lab.Reported.Value, lab.Reported.Unit),
                };
                if (lab.Reported.Unit != lab.Unit)
                {
                    obs.Value.Extension.Add(new Extension(Ext.CanonicalValue, Ucum(lab.Value, lab.Unit)));
                }

                if (lab.Specimen != Analytes.DefaultSpecimen(lab.Analyte))
                {
                    obs.Contained.Add(new Specimen
                    {
                        Id = "specimen",
                        Type = new CodeableConcept { Coding = [LocalCode(Codes.SpecimenPrefix + LabCsv.NameOf(lab.Specimen))], Text = LabCsv.Describe(lab.Specimen) },
                    });
                    obs.Specimen = new ResourceReference("#specimen");
                }

                Add(obs, "lab-result", lab.Id);
            }
        }

        public void AddEgfr()
        {
            var labs = export.Course.Labs.ToDictionary(l => l.Id, StringComparer.Ordinal);
            foreach (var point in export.Egfr)
            {
                var equation = EgfrEquations.Find(point.Result.Equation).Value;
                var code = new CodeableConcept { Text = "eGFR (" + point.Result.Equation + ")" };
                if (equation?.Loinc is { } loinc)
                {
                    code.Coding.Add(new Coding(StromaTerminology.Loinc, loinc));
                }

                code.Coding.Add(LocalCode(Codes.EgfrPrefix + point.Result.Equation));
                var obs = new Observation
                {
                    Identifier = [Identifier("derived-egfr", point.CreatinineLabId)],
                    Status = ObservationStatus.Final,
                    Category = [new CodeableConcept(StromaTerminology.ObservationCategory, "laboratory")],
                    Code = code,
                    Subject = PatientReference,
                    Effective = DateTime(labs[point.CreatinineLabId].SampledAt),
                    Value = Ucum(point.Result.Egfr.MlPerMinPer173M2, Core.Quantities.Egfr.Ucum),
                    Method = new CodeableConcept
                    {
                        Coding = [LocalCode(Codes.EgfrPrefix + point.Result.Equation)],
                        Text = $"{point.Result.Equation}, Stroma implementation version {point.Result.Version}" + (equation is null ? string.Empty : $" ({equation.Citation})"),
                    },
                    DerivedFrom = [Reference("lab-result", point.CreatinineLabId)],
                };
                if (point.HeightLabId is { } height)
                {
                    obs.DerivedFrom.Add(Reference("lab-result", height));
                }

                Add(obs, "derived-egfr", point.CreatinineLabId);
            }
        }

        public void AddSessions()
        {
            foreach (var s in export.Course.Sessions.OrderBy(s => s.At).ThenBy(s => s.Id, StringComparer.Ordinal))
            {
                var procedure = new Procedure
                {
                    Identifier = [Identifier("plasma-exchange", s.Id)],
                    Status = EventStatus.Completed,
                    Category = new CodeableConcept(StromaTerminology.Snomed, StromaTerminology.SnomedTherapeuticProcedure, "Therapeutic procedure"),
                    Code = new CodeableConcept
                    {
                        Coding = [LocalCode(Codes.PlasmaExchange, "Therapeutic plasma exchange"), new Coding(StromaTerminology.Snomed, StromaTerminology.SnomedApheresis, "Apheresis")],
                        Text = "Therapeutic plasma exchange",
                    },
                    Subject = PatientReference,
                    Performed = DateTime(s.At),
                    UsedCode = [new CodeableConcept { Text = s.ReplacementFluid }],
                };
                if (s.PlasmaVolumes is { } pv)
                {
                    procedure.Extension.Add(new Extension(Ext.PlasmaVolumes, new FhirDecimal(Decimal(pv))));
                }

                if (s.VolumeMl is { } ml)
                {
                    procedure.Extension.Add(new Extension(Ext.ExchangedVolume, Ucum(ml, "mL")));
                }

                if (s.Notes is { } notes)
                {
                    procedure.Note = [new Annotation { Text = notes }];
                }

                Add(procedure, "plasma-exchange", s.Id);
            }
        }

        public Bundle Finish()
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Collection, Timestamp = export.ExportedAt };
            var device = new Device { Id = ResourceId(_patientId, "device", DeviceName), DeviceName = [new Device.DeviceNameComponent { Name = DeviceName, Type = DeviceNameType.ManufacturerName }] };
            foreach (var (resource, _, _) in _entries)
            {
                bundle.AddResourceEntry(resource, "urn:uuid:" + resource.Id);
            }

            bundle.AddResourceEntry(device, "urn:uuid:" + device.Id);
            foreach (var (resource, kind, recordId) in _entries)
            {
                var provenance = new Provenance
                {
                    Id = ResourceId(_patientId, "provenance/" + kind, recordId),
                    Target = [new ResourceReference("urn:uuid:" + resource.Id)],
                    Recorded = export.ExportedAt,
                    Agent = [new Provenance.AgentComponent { Who = new ResourceReference("urn:uuid:" + device.Id) }],
                    Entity =
                    [
                        new Provenance.EntityComponent
                        {
                            Role = Provenance.ProvenanceEntityRole.Source,
                            What = new ResourceReference { Identifier = Identifier(kind, recordId), Display = $"Stroma {kind} {recordId}" },
                        },
                    ],
                };
                bundle.AddResourceEntry(provenance, "urn:uuid:" + provenance.Id);
            }

            return bundle;
        }
    }
}
