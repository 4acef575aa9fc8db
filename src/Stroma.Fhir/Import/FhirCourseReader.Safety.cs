using System.Collections.Immutable;
using Hl7.Fhir.Model;
using Stroma.Core.Biopsy;
using Stroma.Core.Diagnostics;
using Stroma.Core.Safety;
using Codes = Stroma.Fhir.StromaTerminology.Codes;
using Ext = Stroma.Fhir.StromaTerminology.Extensions;
using FhirAdverseEvent = Hl7.Fhir.Model.AdverseEvent;
using StromaAdverseEvent = Stroma.Core.Safety.AdverseEvent;

namespace Stroma.Fhir.Import;

/// <summary>
/// Adverse events and biopsies, read back from what the export writes: every element of the Core record is required (Stroma cannot
/// record an adverse event without its grade, causality and action, nor a biopsy without its counts), and the record is checked by the
/// same Core rules as <c>import safety</c> (CTCAE term and grade, dates, counts, score ranges), each problem located in the entry.
/// </summary>
public static partial class FhirCourseReader
{
    private const string OutcomeCodes = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";

    private static readonly Dictionary<string, AeOutcome> Outcomes = new(StringComparer.Ordinal)
    {
        ["resolved"] = AeOutcome.Recovered, ["recovering"] = AeOutcome.Recovering, ["ongoing"] = AeOutcome.NotRecovered,
        ["resolvedWithSequelae"] = AeOutcome.RecoveredWithSequelae, ["fatal"] = AeOutcome.Fatal, ["unknown"] = AeOutcome.Unknown,
    };

    // The findings a biopsy report lists (codes after banff-), as CourseBundle writes them; cg is read apart (1a/1b).
    private static readonly string[] ScoreNames = ["i", "t", "v", "g", "ptc", "ci", "ct", "cv", "ah", "mm", "i-ifta", "ti", "c4d"];
    private static readonly string[] CountNames = ["glomeruli", "globally-sclerosed", "arteries", "fsgs-segmental", "fsgs-collapsing", "fsgs-tip", "fsgs-cellular", "fsgs-perihilar", "em-glomeruli"];
    private static readonly string[] FindingNames = ["ptc-multilayering", "tma", "acute-tubular-injury", "chronic-allograft-arteriopathy"];

    private sealed partial class Reader
    {
        private readonly List<FhirEntry> _adverseEvents = [];
        private readonly List<FhirEntry> _reports = [];
        private readonly List<FhirEntry> _findings = [];

        // Each infusion of the input by the references that may name it (fullUrl, MedicationAdministration/id) → its record id.
        private readonly Dictionary<string, string> _infusionReferences = new(StringComparer.Ordinal);

        public List<StromaAdverseEvent> AdverseEvents { get; } = [];

        public List<BiopsyReport> Biopsies { get; } = [];

        private void KeepInfusionReference(FhirEntry entry, string infusionId)
        {
            if (entry.FullUrl is { } url)
            {
                _infusionReferences[url] = infusionId;
            }

            if (entry.Resource.Id is { } id)
            {
                _infusionReferences["MedicationAdministration/" + id] = infusionId;
            }
        }

        /// <summary>Reads the adverse events and biopsies, once every infusion and finding of the input is known.</summary>
        public void ReadSafety(DateOnly? birth)
        {
            foreach (var entry in _adverseEvents)
            {
                ReadAdverseEvent(entry);
            }

            var findings = new Dictionary<string, FhirEntry>(StringComparer.Ordinal);
            foreach (var f in _findings)
            {
                if (f.FullUrl is { } url)
                {
                    findings[url] = f;
                }

                if (f.Resource.Id is { } id)
                {
                    findings["Observation/" + id] = f;
                }
            }

            var used = new HashSet<FhirEntry>();
            foreach (var entry in _reports)
            {
                ReadBiopsy(entry, findings, used, new Core.Course.RecordWindow(birth, Now));
            }

            foreach (var orphan in _findings.Where(f => !used.Contains(f)))
            {
                NotImported(orphan, "a biopsy finding no biopsy DiagnosticReport of the input lists in its result");
            }
        }

        private string? Required(FhirEntry entry, IEnumerable<Extension> extensions, string url, string what, string element)
        {
            var value = Find(extensions, url)?.Value switch
            {
                FhirString s => s.Value,
                Code c => c.Value,
                _ => null,
            };
            if (value is null)
            {
                Issues.Add(Issue.Error(FhirIssues.Missing, entry.At($"{element}.extension('{url}')"), $"Expected {what}; found none."));
            }

            return value;
        }

        private T? ParseCode<T>(FhirEntry entry, string? value, string url, string element)
            where T : struct, Enum
        {
            if (value is null)
            {
                return null;
            }

            if (System.Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && System.Enum.IsDefined(parsed))
            {
                return parsed;
            }

            Issues.Add(Issue.Error(FhirIssues.UnmappedCode, entry.At($"{element}.extension('{url}')"), $"Expected one of {string.Join(", ", System.Enum.GetNames<T>())}; found '{value}'."));
            return null;
        }

        private void ReadAdverseEvent(FhirEntry entry)
        {
            var ae = (FhirAdverseEvent)entry.Resource;
            var before = Issues.Count;
            var subject = CheckSubject(entry, ae.Subject);
            var term = ae.Event?.Text;
            if (string.IsNullOrWhiteSpace(term))
            {
                Issues.Add(Issue.Error(FhirIssues.Missing, entry.At(".event.text"), $"Expected the CTCAE term; found none."));
            }

            var grade = (Find(ae.Extension, Ext.CtcaeGrade)?.Value as Integer)?.Value;
            if (grade is null)
            {
                Issues.Add(Issue.Error(FhirIssues.Missing, entry.At($".extension('{Ext.CtcaeGrade}')"), $"Expected the CTCAE grade; found none."));
            }

            var version = Required(entry, ae.Extension, Ext.CtcaeVersion, "the CTCAE version", string.Empty);
            var verbatim = Required(entry, ae.Extension, Ext.Verbatim, "the reporter's words", string.Empty);
            var onset = Instant(ae.DateElement?.Value, entry.At(".date"), Issues);
            var resolved = Find(ae.Extension, Ext.Resolved)?.Value is FhirDateTime r ? Instant(r.Value, entry.At($".extension('{Ext.Resolved}')"), Issues) : null;
            var criteria = ae.Extension.Where(e => StromaTerminology.SameUrl(e.Url, Ext.SeriousnessCriterion))
                .Select(e => ParseCode<SeriousnessCriterion>(entry, (e.Value as Code)?.Value ?? string.Empty, Ext.SeriousnessCriterion, string.Empty)).ToList();
            var relatedness = ParseCode<Relatedness>(entry, Required(entry, ae.Extension, Ext.RelatednessToProduct, "the causality to the product", string.Empty), Ext.RelatednessToProduct, string.Empty);
            var action = ParseCode<ProductAction>(entry, Required(entry, ae.Extension, Ext.ProductAction, "the action taken with the product", string.Empty), Ext.ProductAction, string.Empty);
            var outcomeCode = ae.Outcome?.Coding.FirstOrDefault(c => c.System == OutcomeCodes)?.Code;
            AeOutcome? outcome = outcomeCode is not null && Outcomes.TryGetValue(outcomeCode, out var o) ? o : null;
            if (outcome is null)
            {
                Issues.Add(Issue.Error(outcomeCode is null ? FhirIssues.Missing : FhirIssues.UnmappedCode, entry.At(".outcome"),
                    $"Expected an outcome of {OutcomeCodes} ({string.Join(", ", Outcomes.Keys)}); found {outcomeCode ?? "none"}."));
            }

            string? infusion = null;
            if (ae.SuspectEntity.FirstOrDefault()?.Instance?.Reference is { } reference && !_infusionReferences.TryGetValue(reference, out infusion))
            {
                Issues.Add(Issue.Error(FhirIssues.BadReference, entry.At(".suspectEntity[0].instance.reference"),
                    $"Expected a reference to an MSC infusion (MedicationAdministration) of the input; found '{reference}'."));
            }

            if (!subject || Issues.Count > before || onset is null || grade is null || relatedness is null || action is null || outcome is null || criteria.Any(c => c is null))
            {
                return;
            }

            var record = new StromaAdverseEvent(RecordId(ae, ae.Identifier is { } identifier ? [identifier] : [], "adverse-event"), verbatim!, term!, version!, grade.Value, onset.Value, resolved,
                [.. criteria.Select(c => c!.Value)], relatedness.Value, action.Value, outcome.Value, infusion);
            if (Refused(entry, record.Validate()))
            {
                AdverseEvents.Add(record);
            }
        }

        // The Core rules' problems, located in the entry (the rule's own code is kept in the message); true when there is none.
        private bool Refused(FhirEntry entry, ImmutableArray<Issue> problems)
        {
            Issues.AddRange(problems.Select(p => p with { Code = p.Severity == Severity.Error ? FhirIssues.RefusedRecord : p.Code, Location = entry.At(string.Empty), Message = $"{p.Code}: {p.Message}" }));
            return !problems.Any(p => p.Severity == Severity.Error);
        }

        private void ReadBiopsy(FhirEntry entry, Dictionary<string, FhirEntry> findings, HashSet<FhirEntry> used, Core.Course.RecordWindow window)
        {
            var report = (DiagnosticReport)entry.Resource;
            var before = Issues.Count;
            var subject = CheckSubject(entry, report.Subject);
            var takenAt = When(entry, report.Effective, ".effective", window, "biopsy");
            var values = new Dictionary<string, (DataType? Value, FhirEntry Entry)>(StringComparer.Ordinal);
            foreach (var (result, i) in report.Result.Select((r, i) => (r, i)))
            {
                if (result.Reference is not { } reference || !findings.TryGetValue(reference, out var finding))
                {
                    Issues.Add(Issue.Error(FhirIssues.BadReference, entry.At($".result[{i}].reference"), $"Expected a reference to a biopsy finding (Observation) of the input; found '{result.Reference}'."));
                    continue;
                }

                used.Add(finding);
                var o = (Observation)finding.Resource;
                if (StromaCode(o.Code, Codes.BanffPrefix) is { } name)
                {
                    values[name] = (o.Value, finding);
                }
            }

            int? Int(string name)
            {
                if (values.TryGetValue(name, out var v) && v.Value is Integer { Value: { } n })
                {
                    return n;
                }

                Issues.Add(Issue.Error(FhirIssues.Missing, entry.At(".result"), $"Expected the finding {Codes.BanffPrefix}{name} as an integer; found {(values.TryGetValue(name, out var got) ? got.Value?.TypeName ?? "no value" : "none")}."));
                return null;
            }

            bool? Bool(string name, bool required = true)
            {
                if (values.TryGetValue(name, out var v) && v.Value is FhirBoolean { Value: { } b })
                {
                    return b;
                }

                if (required || values.ContainsKey(name))
                {
                    Issues.Add(Issue.Error(FhirIssues.Missing, entry.At(".result"), $"Expected the finding {Codes.BanffPrefix}{name} as a boolean; found {(values.TryGetValue(name, out var got) ? got.Value?.TypeName ?? "no value" : "none")}."));
                }

                return null;
            }

            var cg = values.TryGetValue("cg", out var cgValue) && cgValue.Value is FhirString { Value: { } cgText } ? cgText : null;
            (int Score, bool EmOnly)? cgScore = cg switch
            {
                "0" => (0, false), "1a" => (1, true), "1b" => (1, false), "2" => (2, false), "3" => (3, false), _ => null,
            };
            if (cgScore is null)
            {
                Issues.Add(Issue.Error(cg is null ? FhirIssues.Missing : FhirIssues.BadValue, entry.At(".result"), $"Expected the finding {Codes.BanffPrefix}cg as 0, 1a, 1b, 2 or 3; found '{cg}'."));
            }

            var scores = ScoreNames.ToDictionary(n => n, Int, StringComparer.Ordinal);
            var counts = CountNames.ToDictionary(n => n, Int, StringComparer.Ordinal);
            var dsa = Bool("dsa", required: false);
            var flags = FindingNames.ToDictionary(n => n, n => Bool(n), StringComparer.Ordinal);
            double? fpe = null;
            if (values.TryGetValue("foot-process-effacement", out var fpeValue))
            {
                if (fpeValue.Value is Quantity { Value: { } percent, Code: "%" })
                {
                    fpe = Number(percent);
                }
                else
                {
                    Issues.Add(Issue.Error(FhirIssues.NotUcum, fpeValue.Entry.At(".valueQuantity"), $"Expected the foot-process effacement in UCUM %; found {fpeValue.Value?.TypeName ?? "none"}."));
                }
            }

            var indication = Required(entry, report.Extension, Ext.Indication, "the indication", string.Empty);
            var c4dMethod = ParseCode<C4dMethod>(entry, Required(entry, report.Extension, Ext.C4dMethod, "how C4d was stained", string.Empty), Ext.C4dMethod, string.Empty);
            var other = report.Extension.Where(e => StromaTerminology.SameUrl(e.Url, Ext.OtherDiagnosis)).Select(e => (e.Value as FhirString)?.Value).OfType<string>().ToList();
            if (!subject || Issues.Count > before || takenAt is null || cgScore is null || c4dMethod is null)
            {
                return;
            }

            int S(string n) => scores[n]!.Value;
            int C(string n) => counts[n]!.Value;
            var biopsy = new BiopsyReport(
                RecordId(report, report.Identifier, "biopsy"), takenAt.Value, indication!, C("glomeruli"), C("globally-sclerosed"), C("arteries"),
                new FsgsLesions(C("fsgs-collapsing"), C("fsgs-tip"), C("fsgs-cellular"), C("fsgs-perihilar"), C("fsgs-segmental")),
                new BanffScores(S("i"), S("t"), S("v"), S("g"), S("ptc"), S("ci"), S("ct"), S("cv"), S("ah"), S("mm"), cgScore.Value.Score, S("i-ifta"), S("ti"), S("c4d"),
                    c4dMethod.Value, cgScore.Value.EmOnly),
                new BanffFindings(dsa, flags["ptc-multilayering"]!.Value, flags["tma"]!.Value, flags["acute-tubular-injury"]!.Value, flags["chronic-allograft-arteriopathy"]!.Value,
                    other.Count == 0 ? null : other),
                fpe, C("em-glomeruli"));
            if (Refused(entry, biopsy.Validate()))
            {
                Biopsies.Add(biopsy);
            }
        }
    }
}
