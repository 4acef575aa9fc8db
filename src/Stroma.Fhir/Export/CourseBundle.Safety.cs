using System.Globalization;
using Hl7.Fhir.Model;
using AeOutcome = Stroma.Core.Safety.AeOutcome;
using Ctcae = Stroma.Core.Safety.Ctcae;
using static Stroma.Fhir.Export.FhirValues;
using Codes = Stroma.Fhir.StromaTerminology.Codes;
using Ext = Stroma.Fhir.StromaTerminology.Extensions;

namespace Stroma.Fhir.Export;

/// <summary>Adverse events, biopsies and the study of the bundle.</summary>
public static partial class CourseBundle
{
    private const string SeverityCodes = "http://terminology.hl7.org/CodeSystem/adverse-event-severity";
    private const string SeriousnessCodes = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
    private const string OutcomeCodes = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";

    // A biopsy with every finding (DSA tested), to name the codes the export can write.
    private static readonly Core.Biopsy.BiopsyReport Every = new(
        "codes", DateTimeOffset.UnixEpoch, string.Empty, 0, 0, 0, new Core.Biopsy.FsgsLesions(0, 0, 0, 0, 0), new Core.Biopsy.BanffScores(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        new Core.Biopsy.BanffFindings(Dsa: false), null, 0);

    /// <summary>The codes (after <c>banff-</c>) and displays of a biopsy's counts and findings beside its Banff scores.</summary>
    internal static IEnumerable<(string Code, string Display)> BiopsyCodes() =>
        [.. Builder.BiopsyCounts(Every).Select(c => (c.Name, c.Display)), .. Builder.BiopsyFindings(Every.Findings).Select(f => (f.Name, f.Display))];

    private sealed partial class Builder
    {
        public void AddAdverseEvents()
        {
            foreach (var e in Export.Safety.AdverseEvents.OrderBy(e => e.Onset).ThenBy(e => e.Id, StringComparer.Ordinal))
            {
                var term = new CodeableConcept { Text = e.Term };
                if (Ctcae.Terms.TryGetValue(e.Term, out var known) && known.MeddraCode is { } meddra)
                {
                    term.Coding.Add(new Coding(StromaTerminology.Meddra, meddra, e.Term));
                }

                var ae = new AdverseEvent
                {
                    Identifier = new Identifier(StromaTerminology.IdentifierSystem("adverse-event"), e.Id),
                    Actuality = AdverseEvent.AdverseEventActuality.Actual,
                    Event = term,
                    Subject = PatientReference,
                    DateElement = DateTime(e.Onset),
                    Seriousness = new CodeableConcept(SeriousnessCodes, e.IsSerious ? "Serious" : "Non-serious"),
                    // R4's severity has three levels; the CTCAE grade itself is in the extension.
                    Severity = new CodeableConcept(SeverityCodes, e.Grade switch { 1 => "mild", 2 => "moderate", _ => "severe" }),
                    Outcome = new CodeableConcept(OutcomeCodes, e.Outcome switch
                    {
                        AeOutcome.Recovered => "resolved",
                        AeOutcome.Recovering => "recovering",
                        AeOutcome.NotRecovered => "ongoing",
                        AeOutcome.RecoveredWithSequelae => "resolvedWithSequelae",
                        AeOutcome.Fatal => "fatal",
                        _ => "unknown",
                    }),
                    Study = [Reference("study", Export.Protocol.Id)],
                };
                ae.Extension.Add(new Extension(Ext.CtcaeGrade, new Integer(e.Grade)));
                ae.Extension.Add(new Extension(Ext.CtcaeVersion, new FhirString(e.CtcaeVersion)));
                // What R4's AdverseEvent has no element for, so that an import rebuilds the record exactly (the Core rules check it again).
                ae.Extension.Add(new Extension(Ext.Verbatim, new FhirString(e.Verbatim)));
                if (e.Resolved is { } resolved)
                {
                    ae.Extension.Add(new Extension(Ext.Resolved, DateTime(resolved)));
                }

                ae.Extension.AddRange(e.Seriousness.Select(c => new Extension(Ext.SeriousnessCriterion, new Code(c.ToString()))));
                ae.Extension.Add(new Extension(Ext.RelatednessToProduct, new Code(e.RelatednessToProduct.ToString())));
                ae.Extension.Add(new Extension(Ext.ProductAction, new Code(e.Action.ToString())));
                if (e.InfusionId is { } infusion && Export.Course.Infusions.Any(i => i.Id == infusion))
                {
                    ae.SuspectEntity.Add(new AdverseEvent.SuspectEntityComponent
                    {
                        Instance = Reference("infusion", infusion),
                        Causality =
                        [
                            new AdverseEvent.CausalityComponent
                            {
                                Assessment = new CodeableConcept { Coding = [LocalCode(Codes.RelatednessPrefix + e.RelatednessToProduct.ToString().ToLowerInvariant())], Text = e.RelatednessToProduct.ToString() },
                            },
                        ],
                    });
                }

                Add(ae, "adverse-event", e.Id);
            }
        }

        public void AddBiopsies()
        {
            foreach (var bx in Export.Safety.Biopsies.OrderBy(b => b.TakenAt).ThenBy(b => b.Id, StringComparer.Ordinal))
            {
                var results = new List<ResourceReference>();
                void Score(string name, DataType value, string display)
                {
                    var key = bx.Id + "/" + name;
                    Add(new Observation
                    {
                        Status = ObservationStatus.Final,
                        Code = new CodeableConcept { Coding = [LocalCode(Codes.BanffPrefix + name, display)], Text = display },
                        Subject = PatientReference,
                        Effective = DateTime(bx.TakenAt),
                        Value = value,
                    }, "biopsy-finding", key);
                    results.Add(Reference("biopsy-finding", key));
                }

                foreach (var (name, value) in bx.Scores.All)
                {
                    Score(name.ToLowerInvariant(), name == "cg" ? new FhirString(bx.Scores.CgLabel) : new Integer(value), "Banff " + name);
                }

                foreach (var (name, value, display) in BiopsyCounts(bx))
                {
                    Score(name, new Integer(value), display);
                }

                foreach (var (name, value, display) in BiopsyFindings(bx.Findings))
                {
                    Score(name, new FhirBoolean(value), display);
                }
                if (bx.FootProcessEffacementPercent is { } fpe)
                {
                    Score("foot-process-effacement", Ucum(fpe, "%"), "Foot-process effacement (EM)");
                }

                var report = new DiagnosticReport
                {
                    Identifier = [Identifier("biopsy", bx.Id)],
                    Status = DiagnosticReport.DiagnosticReportStatus.Final,
                    Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "PAT", "Pathology")],
                    Code = new CodeableConcept { Coding = [LocalCode(Codes.KidneyBiopsy, "Kidney biopsy")], Text = "Kidney (graft) biopsy" },
                    Subject = PatientReference,
                    Effective = DateTime(bx.TakenAt),
                    Result = results,
                    Conclusion = string.Join("; ", bx.Diagnoses.Select(d => string.Create(CultureInfo.InvariantCulture, $"Banff category {d.Category}: {d.Diagnosis}"))),
                };
                report.Extension.Add(new Extension(Ext.Indication, new FhirString(bx.Indication)));
                report.Extension.Add(new Extension(Ext.C4dMethod, new Code(bx.Scores.C4dMethod.ToString())));
                report.Extension.AddRange(bx.Findings.OtherDiagnoses.Select(d => new Extension(Ext.OtherDiagnosis, new FhirString(d))));
                Add(report, "biopsy", bx.Id);
            }
        }

        // The counts of a biopsy beside its Banff scores: the sample, the FSGS lesions (glomeruli with each) and EM (codes banff-{name}).
        internal static IEnumerable<(string Name, int Value, string Display)> BiopsyCounts(Core.Biopsy.BiopsyReport bx) =>
        [
            ("glomeruli", bx.Glomeruli, "Glomeruli in the sample"), ("globally-sclerosed", bx.GloballySclerosed, "Globally sclerosed glomeruli"),
            ("arteries", bx.Arteries, "Arteries in the sample"), ("fsgs-segmental", bx.Lesions.SegmentallySclerosed, "FSGS: segmentally sclerosed glomeruli"),
            ("fsgs-collapsing", bx.Lesions.Collapsing, "FSGS: glomeruli with a collapsing lesion"), ("fsgs-tip", bx.Lesions.Tip, "FSGS: glomeruli with a tip lesion"),
            ("fsgs-cellular", bx.Lesions.Cellular, "FSGS: glomeruli with a cellular lesion"), ("fsgs-perihilar", bx.Lesions.Perihilar, "FSGS: glomeruli with perihilar sclerosis"),
            ("em-glomeruli", bx.EmGlomeruli, "Glomeruli examined by EM"),
        ];

        // The findings the Banff categories need beyond the scores (DSA only when tested).
        internal static IEnumerable<(string Name, bool Value, string Display)> BiopsyFindings(Core.Biopsy.BanffFindings f) =>
        [
            .. f.Dsa is { } dsa ? [("dsa", dsa, "Donor-specific antibodies")] : Array.Empty<(string, bool, string)>(),
            ("ptc-multilayering", f.PtcBasementMembraneMultilayering, "PTC basement membrane multilayering (EM)"),
            ("tma", f.ThromboticMicroangiopathy, "Thrombotic microangiopathy"), ("acute-tubular-injury", f.AcuteTubularInjury, "Acute tubular injury"),
            ("chronic-allograft-arteriopathy", f.ChronicAllograftArteriopathy, "Chronic allograft arteriopathy"),
        ];

        public void AddStudy()
        {
            var protocol = Export.Protocol;
            Add(new ResearchStudy
            {
                Identifier = [Identifier("protocol", protocol.Id)],
                Title = "MSC therapy in recurrent FSGS after kidney transplantation (" + protocol.Id + ")",
                Status = ResearchStudy.ResearchStudyStatus.Active,
            }, "study", protocol.Id);
            var subject = new ResearchSubject
            {
                Identifier = [Identifier("research-subject", Export.Course.Patient.Id)],
                Status = ResearchSubject.ResearchSubjectStatus.OnStudy,
                Study = Reference("study", protocol.Id),
                Individual = PatientReference,
            };
            if (Export.Course.DayZero is { } dayZero)
            {
                subject.Period = new Period { StartElement = DateTime(dayZero) };
            }

            Add(subject, "research-subject", Export.Course.Patient.Id);
        }
    }
}
