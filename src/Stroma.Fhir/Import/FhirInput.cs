using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Core.Diagnostics;

namespace Stroma.Fhir.Import;

/// <summary>One resource of the input with the FHIRPath of its root (<c>Bundle.entry[3].resource</c>, or <c>Observation</c> on an NDJSON line).</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Path">The FHIRPath of the resource in the input.</param>
/// <param name="FullUrl">The entry's fullUrl, if any.</param>
/// <param name="Where">The location prefix of issues (file, and line for NDJSON).</param>
internal sealed record FhirEntry(Resource Resource, string Path, string? FullUrl, string Where)
{
    /// <summary>A location inside the resource.</summary>
    public string At(string element) => $"{Where} {Path}{element}";
}

/// <summary>Parses the input: a Bundle (collection, transaction or batch), a single resource, or NDJSON (one resource per line).</summary>
internal static class FhirInput
{
    public static IReadOnlyList<FhirEntry> Parse(byte[] content, string fileName, List<Issue> issues)
    {
        var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF');
        if (IsOneJsonDocument(text))
        {
            if (Deserialize(text, $"{fileName} Bundle", issues) is not { } single)
            {
                return [];
            }

            if (single is not Bundle bundle)
            {
                return [new FhirEntry(single, single.TypeName, null, fileName)];
            }

            if (bundle.Type is not (Bundle.BundleType.Collection or Bundle.BundleType.Transaction or Bundle.BundleType.Batch))
            {
                issues.Add(Issue.Error(FhirIssues.BundleType, $"{fileName} Bundle.type", $"Expected a Bundle of type collection, transaction or batch; found {bundle.Type?.ToString() ?? "none"}."));
                return [];
            }

            var entries = new List<FhirEntry>();
            foreach (var (entry, i) in bundle.Entry.Select((e, i) => (e, i)))
            {
                if (entry.Resource is null)
                {
                    issues.Add(Issue.Error(FhirIssues.Missing, $"{fileName} Bundle.entry[{i}].resource", $"Expected a resource in entry {i}; found none."));
                    continue;
                }

                entries.Add(new FhirEntry(entry.Resource, $"Bundle.entry[{i}].resource", entry.FullUrl, fileName));
            }

            return entries;
        }

        var lines = new List<FhirEntry>();
        foreach (var (line, n) in text.Split('\n').Select((l, n) => (l.Trim(), n + 1)))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (Deserialize(line, $"{fileName} line {n}", issues) is { } resource)
            {
                lines.Add(new FhirEntry(resource, resource.TypeName, null, $"{fileName} line {n}"));
            }
        }

        return lines;
    }

    private static bool IsOneJsonDocument(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false; // several documents (NDJSON), or not JSON at all: the line reader says which
        }
    }

    private static Resource? Deserialize(string json, string location, List<Issue> issues)
    {
        try
        {
            if (FhirJsonDeserializer.DEFAULT.TryDeserializeResource(json, out var resource, out var problems))
            {
                return resource;
            }

            foreach (var problem in problems)
            {
                issues.Add(Issue.Error(FhirIssues.NotFhir, location, $"Expected FHIR R4 JSON; found: {problem.Message}"));
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or DeserializationFailedException)
        {
            issues.Add(Issue.Error(FhirIssues.NotFhir, location, $"Expected FHIR R4 JSON; found: {e.Message}"));
        }

        return null;
    }
}
