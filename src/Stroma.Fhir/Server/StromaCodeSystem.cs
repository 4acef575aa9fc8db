using Hl7.Fhir.Model;
using Stroma.Core.Course;
using Stroma.Core.Renal;
using Stroma.Core.Safety;
using Codes = Stroma.Fhir.StromaTerminology.Codes;

namespace Stroma.Fhir.Server;

/// <summary>
/// The Stroma CodeSystem as a resource, served at <c>/fhir/CodeSystem/stroma</c> so that its canonical URL (under the deployment's base,
/// <see cref="StromaTerminology.Setting"/>) resolves. It lists every code the export writes from a closed list (the product, plasma
/// exchange, the biopsy report, Banff scores, eGFR equations, clinical event kinds, specimens, relatedness); chimerism contributors and
/// biomarker analytes are open families (<c>chimerism-…</c>, <c>biomarker-…</c>), so the content is a fragment, and the description says so.
/// </summary>
internal static class StromaCodeSystem
{
    // What the export writes beside the Banff scores (CourseBundle.AddBiopsies), for a biopsy with every finding.
    private static IEnumerable<(string Code, string Display)> BiopsyCounts =>
    [
        .. Export.CourseBundle.BiopsyCodes(), ("foot-process-effacement", "Foot-process effacement (EM)"),
    ];

    public static CodeSystem Build()
    {
        var system = new CodeSystem
        {
            Id = StromaTerminology.CodeSystemId,
            Url = StromaTerminology.CodeSystem,
            Name = "Stroma",
            Title = "Stroma's codes for what no standard code names",
            Status = PublicationStatus.Active,
            Experimental = false,
            Publisher = "Stroma",
            Description = "Codes of the Stroma FHIR export where LOINC, SNOMED CT, UCUM and the HL7 terminology have none. Closed families are listed "
                + "in full; two are open and grow with the data: chimerism-{contributor} (the contributor's role, such as msc-donor) and "
                + "biomarker-{analyte} (the analyte's name, such as IL-6).",
            CaseSensitive = true,
            Content = CodeSystemContentMode.Fragment,
        };
        void Add(string code, string display) => system.Concept.Add(new CodeSystem.ConceptDefinitionComponent { Code = code, Display = display });
        Add(Codes.MscProduct, "Mesenchymal stromal cells");
        Add(Codes.PlasmaExchange, "Therapeutic plasma exchange");
        Add(Codes.KidneyBiopsy, "Kidney biopsy");
        foreach (var (name, _) in new Core.Biopsy.BanffScores(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).All)
        {
            Add(Codes.BanffPrefix + name.ToLowerInvariant(), "Banff " + name);
        }

        foreach (var (code, display) in BiopsyCounts)
        {
            Add(Codes.BanffPrefix + code, display);
        }

        foreach (var equation in EgfrEquations.All)
        {
            Add(Codes.EgfrPrefix + equation.Id, "eGFR (" + equation.Id + ")");
        }

        foreach (var kind in Enum.GetValues<ClinicalEventKind>())
        {
            Add(Codes.EventPrefix + kind.ToString().ToLowerInvariant(), "Clinical event: " + kind.ToString().ToLowerInvariant());
        }

        foreach (var specimen in Enum.GetValues<Core.Course.Specimen>().Where(s => LabCsv.SpecimenNames.Any(n => LabCsv.ParseSpecimen(n) == s)).Select(LabCsv.NameOf))
        {
            Add(Codes.SpecimenPrefix + specimen, "Specimen: " + specimen);
        }

        foreach (var relatedness in Enum.GetValues<Relatedness>())
        {
            Add(Codes.RelatednessPrefix + relatedness.ToString().ToLowerInvariant(), "Related to the product: " + relatedness.ToString().ToLowerInvariant());
        }

        system.Count = system.Concept.Count;
        return system;
    }
}
