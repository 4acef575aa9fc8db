using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Fhir.Export;
using Stroma.Storage;
using Patient = Hl7.Fhir.Model.Patient;

namespace Stroma.Fhir.Server;

/// <summary>
/// One patient's resources as the endpoint serves them: the ones <c>stroma fhir export</c> builds (pseudonymised for a reader who may not
/// see identity), with the Patient's id its Stroma id and every other id <c>{patient key}-{export id}</c>, where the patient key is 16 hex
/// digits of a SHA-256 of the patient id: a read by id finds its patient without scanning every record, and the id is still at most
/// 53 characters. References are <c>Type/id</c>.
/// </summary>
internal static class PatientResources
{
    private const int KeyLength = 16;

    /// <summary>The resources, or the issues saying there is no such patient.</summary>
    public static async Task<ReadResult<List<Resource>>> ReadAsync(StromaStore store, PatientId patientId, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var terminology = StromaTerminology.Use(await StromaTerminology.BaseOfAsync(store, ct));
        var read = await FhirExports.ReadAsync(store, patientId, TreatmentProtocol.SeedCase, pseudonymise, now, ct);
        if (read.Value is not { } export)
        {
            return ReadResult.Failed<List<Resource>>(read.Issues);
        }

        var resources = CourseBundle.Build(export).Entry.Select(e => e.Resource!).ToList();
        var key = Key(patientId);
        var rest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in resources)
        {
            var id = r is Patient ? patientId : key + "-" + r.Id;
            rest["urn:uuid:" + r.Id] = r.TypeName + "/" + id;
            r.Id = id;
        }

        foreach (var reference in resources.SelectMany(Descendants).OfType<ResourceReference>())
        {
            if (reference.Reference is { } target && rest.TryGetValue(target, out var restReference))
            {
                reference.Reference = restReference;
            }
        }

        return ReadResult.Of(resources, read.Issues);
    }

    /// <summary>The patients an id made by <see cref="ReadAsync"/> may belong to (one, unless two patient keys collide).</summary>
    public static async Task<IReadOnlyList<string>> OwnersAsync(StromaStore store, string resourceId, CancellationToken ct)
    {
        if (resourceId.Length <= KeyLength || resourceId[KeyLength] != '-')
        {
            return [];
        }

        var key = resourceId[..KeyLength];
        return [.. (await store.ListPatientsAsync(ct)).Where(p => Key(p) == key)];
    }

    /// <summary>When a resource happened, for the <c>date</c> parameter and the order of a search (null: no time).</summary>
    public static DateTimeOffset? When(Resource resource) => resource switch
    {
        Observation { Effective: FhirDateTime at } => at.ToDateTimeOffset(TimeSpan.Zero),
        Observation { Effective: Period { StartElement: { } start } } => start.ToDateTimeOffset(TimeSpan.Zero),
        Procedure { Performed: FhirDateTime at } => at.ToDateTimeOffset(TimeSpan.Zero),
        Procedure { Performed: Period { StartElement: { } start } } => start.ToDateTimeOffset(TimeSpan.Zero),
        AdverseEvent { DateElement: { } at } => at.ToDateTimeOffset(TimeSpan.Zero),
        _ => null,
    };

    private static string Key(string patientId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("stroma-fhir-patient\n" + patientId)))[..KeyLength];

    /// <summary>Every element below <paramref name="node"/>, depth first.</summary>
    internal static IEnumerable<Base> Descendants(Base node)
    {
        foreach (var element in node.EnumerateElements())
        {
            var children = element.Value switch
            {
                Base one => [one],
                IEnumerable<Base> many => many,
                _ => [],
            };
            foreach (var child in children)
            {
                yield return child;
                foreach (var below in Descendants(child))
                {
                    yield return below;
                }
            }
        }
    }
}
