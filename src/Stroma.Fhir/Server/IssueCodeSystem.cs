using System.Reflection;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using Stroma.Core.Diagnostics;

namespace Stroma.Fhir.Server;

/// <summary>
/// The CodeSystem of Stroma's issue codes (<see cref="StromaTerminology.IssueCodeSystem"/>), the system of every OperationOutcome coding.
/// Its concepts are <see cref="IssueCatalogue"/>'s list of the codes declared by the assemblies whose issues can reach a FHIR answer or
/// file: the science (Core), images, reports, storage, the use cases and FHIR. The codes only the front ends raise (the command line's
/// <c>CLI</c>/<c>IO</c>, the web forms' <c>WEB</c>/<c>SSO</c>/<c>USR</c>) are reported on stderr or as problem details, never in FHIR.
/// </summary>
public static class IssueCodeSystem
{
    /// <summary>The assemblies whose issue codes the CodeSystem lists.</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } =
    [
        typeof(Issue).Assembly, typeof(Imaging.ImageIssues).Assembly, typeof(Reports.Course.CoursePlots).Assembly,
        typeof(Storage.StromaStore).Assembly, typeof(Application.Exports.ExportIssues).Assembly, typeof(FhirIssues).Assembly,
    ];

    private static readonly Lazy<CodeSystem> Built = new(Create);

    /// <summary>The CodeSystem (a fresh copy: callers may change it).</summary>
    public static CodeSystem Build() => (CodeSystem)Built.Value.DeepCopy();

    private static CodeSystem Create()
    {
        var definitions = Assemblies.SelectMany(Summaries).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var system = new CodeSystem
        {
            Id = StromaTerminology.IssueCodeSystemId,
            Url = StromaTerminology.IssueCodeSystem,
            Name = "StromaIssueCodes",
            Title = "Stroma's issue codes",
            Status = PublicationStatus.Active,
            Experimental = false,
            Publisher = "Stroma",
            Description = "The stable codes of the problems Stroma reports (bad input, refused records, FHIR endpoint errors), the coding of "
                + "OperationOutcome.issue.details. Each code is letters naming the format or area and three digits; a code is never reused or reworded.",
            CaseSensitive = true,
            Content = CodeSystemContentMode.Complete,
        };
        foreach (var code in IssueCatalogue.Of(Assemblies))
        {
            system.Concept.Add(new CodeSystem.ConceptDefinitionComponent
            {
                Code = code.Code,
                Display = code.Name,
                Definition = definitions.GetValueOrDefault(code.Member.Replace('+', '.')),
            });
        }

        system.Count = system.Concept.Count;
        return system;
    }

    /// <summary>The summaries of the assembly's fields from its XML documentation file, when it is beside the assembly (it is in a build and a publish).</summary>
    private static IEnumerable<KeyValuePair<string, string>> Summaries(Assembly assembly)
    {
        var file = string.IsNullOrEmpty(assembly.Location) ? null : Path.ChangeExtension(assembly.Location, ".xml");
        if (file is null || !File.Exists(file))
        {
            yield break;
        }

        foreach (var member in XDocument.Load(file).Descendants("member"))
        {
            var name = (string?)member.Attribute("name");
            if (name is not null && name.StartsWith("F:", StringComparison.Ordinal) && member.Element("summary") is { } summary)
            {
                var text = string.Concat(summary.Nodes().Select(n => n switch
                {
                    XText t => t.Value,
                    XElement { Name.LocalName: "see" } see => ((string?)see.Attribute("cref"))?.Split('.', ':')[^1] ?? see.Value,
                    XElement e => e.Value,
                    _ => string.Empty,
                }));
                yield return new(name[2..], string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
            }
        }
    }
}
