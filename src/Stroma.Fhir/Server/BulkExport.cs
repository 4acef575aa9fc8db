using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Fhir.Server;

/// <summary>One NDJSON file of a bulk export: every resource of one type, one per line.</summary>
/// <param name="Type">The resource type (OperationOutcome for the error file).</param>
/// <param name="Count">How many resources it holds.</param>
/// <param name="Ndjson">The UTF-8 NDJSON.</param>
public sealed record BulkExportFile(string Type, int Count, byte[] Ndjson);

/// <summary>
/// How long bulk export jobs live, from the settings every instance shares (<c>stroma setting set</c>): a job and its files are kept
/// <see cref="Lifetime"/> after the kick-off, then expire (410 Gone, files deleted); a job not finished <see cref="Timeout"/> after the
/// kick-off was interrupted (its instance stopped, or it overran) and is marked failed by whichever instance sees it first, and its runner
/// stops there too — no job stays "in progress" for ever.
/// </summary>
/// <param name="Lifetime">How long a job and its files are kept (default 24 h).</param>
/// <param name="Timeout">How long a job may run (default 15 min).</param>
public sealed record BulkExportLimits(TimeSpan Lifetime, TimeSpan Timeout)
{
    /// <summary>The setting: hours a job and its files are kept (1–720).</summary>
    public const string LifetimeSetting = "fhir.bulk-export-lifetime-hours";

    /// <summary>The setting: minutes a job may run before it counts as interrupted (1–1440).</summary>
    public const string TimeoutSetting = "fhir.bulk-export-timeout-minutes";

    /// <summary>The limits when nothing is set.</summary>
    public static BulkExportLimits Default { get; } = new(TimeSpan.FromHours(24), TimeSpan.FromMinutes(15));

    /// <summary>The settings' keys.</summary>
    public static IReadOnlyList<string> Keys { get; } = [LifetimeSetting, TimeoutSetting];

    /// <summary>The limits from the settings (a value <see cref="CheckValue"/> refuses counts as unset: <c>stroma setting set</c> never stores one).</summary>
    public static BulkExportLimits Read(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return new(
            Parse(setting(LifetimeSetting), 720) is { } hours ? TimeSpan.FromHours(hours) : Default.Lifetime,
            Parse(setting(TimeoutSetting), 1440) is { } minutes ? TimeSpan.FromMinutes(minutes) : Default.Timeout);
    }

    /// <summary>The problem with a value (FHIR008), or null.</summary>
    public static Issue? CheckValue(string key, string value) => key switch
    {
        LifetimeSetting when Parse(value, 720) is null => Issue.Error(FhirIssues.BadValue, key, $"Expected a whole number of hours from 1 to 720; found '{value}'."),
        TimeoutSetting when Parse(value, 1440) is null => Issue.Error(FhirIssues.BadValue, key, $"Expected a whole number of minutes from 1 to 1440; found '{value}'."),
        _ => null,
    };

    private static int? Parse(string? value, int max) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max ? n : null;
}

/// <summary>
/// The FHIR Bulk Data Access IG v2 system of a patient-level <c>$export</c> (https://hl7.org/fhir/uv/bulkdata/STU2/export.html): what the
/// kick-off may ask, the NDJSON files (one per resource type, every patient's resources as <see cref="PatientResources"/> serves them,
/// pseudonymised for a reader who may not see identity) and the completion manifest. The job itself (its state, who may fetch it) is kept
/// by the web app in the database.
/// </summary>
public static class BulkExport
{
    /// <summary>The NDJSON media type of the files.</summary>
    public const string NdjsonMediaType = "application/fhir+ndjson";

    /// <summary>The IG's definition of the patient-level operation.</summary>
    public const string PatientExportDefinition = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export";

    /// <summary>The IG's definition of the group-level operation.</summary>
    public const string GroupExportDefinition = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export";

    /// <summary>
    /// The groups a <c>Group/{id}/$export</c> may name: a group is the cohort of a study protocol — every patient this instance holds
    /// followed under it, which is every patient the reader may read (all readers read every patient; the role decides identity, not
    /// membership). Its id is the protocol's id.
    /// </summary>
    public static IReadOnlyList<string> Groups { get; } = [Core.Course.TreatmentProtocol.SeedCase.Id];

    /// <summary>The issue when <paramref name="groupId"/> is not a group this server knows (FHIR024), or null.</summary>
    public static Issue? CheckGroup(string groupId) => Groups.Contains(groupId, StringComparer.Ordinal) ? null
        : Issue.Error(FhirIssues.NoSuchGroup, "Group", $"Expected a group id ({string.Join(", ", Groups)}: the cohort of a study protocol); found '{groupId}'.");

    private static readonly string[] OutputFormats = ["application/fhir+ndjson", "application/ndjson", "ndjson"];

    /// <summary>
    /// The problems with a kick-off: it must say <c>Prefer: respond-async</c>; the only parameter taken is <c>_outputFormat</c> (NDJSON);
    /// <c>_type</c>, <c>_since</c>, <c>_elements</c>, <c>patient</c> and <c>includeAssociatedData</c> are refused (strict), never ignored.
    /// </summary>
    public static IReadOnlyList<Issue> CheckKickOff(IEnumerable<KeyValuePair<string, string>> query, string? prefer)
    {
        ArgumentNullException.ThrowIfNull(query);
        var issues = new List<Issue>();
        if (prefer is null || !prefer.Split(',', ';').Any(p => p.Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase)))
        {
            issues.Add(Issue.Error(FhirIssues.Missing, "Prefer", $"Expected the header Prefer: respond-async (an export runs asynchronously); found {(prefer is null ? "none" : "'" + prefer + "'")}."));
        }

        foreach (var (name, value) in query)
        {
            if (name == "_outputFormat")
            {
                if (!OutputFormats.Contains(value, StringComparer.Ordinal))
                {
                    issues.Add(Issue.Error(FhirIssues.BadValue, name, $"Expected _outputFormat {string.Join(", ", OutputFormats)}; found '{value}'."));
                }
            }
            else
            {
                issues.Add(Issue.Error(FhirIssues.UnsupportedParameter, name,
                    $"Expected no parameter but _outputFormat on $export (every resource type of every patient is exported); found {name}, which this server does not support."));
            }
        }

        return issues;
    }

    /// <summary>The files of every patient's resources (types in ordinal order) and, when a patient could not be read, an OperationOutcome file.</summary>
    public static async Task<IReadOnlyList<BulkExportFile>> BuildAsync(StromaStore store, bool pseudonymise, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var serializer = new FhirJsonSerializer();
        var byType = new SortedDictionary<string, (int Count, StringBuilder Lines)>(StringComparer.Ordinal);
        var errors = new List<OperationOutcome>();
        foreach (var patientId in await store.ListPatientsAsync(ct))
        {
            var read = await PatientResources.ReadAsync(store, PatientId.Parse(patientId), pseudonymise, now, ct);
            if (read.Value is not { } resources)
            {
                errors.Add(OperationOutcomeOf(read.Issues));
                continue;
            }

            foreach (var resource in resources)
            {
                var (count, lines) = byType.TryGetValue(resource.TypeName, out var held) ? held : (0, new StringBuilder());
                lines.Append(serializer.SerializeToString(resource)).Append('\n');
                byType[resource.TypeName] = (count + 1, lines);
            }
        }

        var files = byType.Select(p => new BulkExportFile(p.Key, p.Value.Count, Encoding.UTF8.GetBytes(p.Value.Lines.ToString()))).ToList();
        if (errors.Count > 0)
        {
            files.Add(new BulkExportFile("OperationOutcome", errors.Count, Encoding.UTF8.GetBytes(string.Concat(errors.Select(e => serializer.SerializeToString(e) + "\n")))));
        }

        return files;
    }

    /// <summary>The completion manifest: <c>transactionTime</c>, <c>request</c>, <c>requiresAccessToken</c>, <c>output</c> and <c>error</c>.</summary>
    /// <param name="transactionTime">When the export's data were read.</param>
    /// <param name="request">The kick-off URL.</param>
    /// <param name="files">Each file's type, URL and count (OperationOutcome files go to <c>error</c>).</param>
    public static string Manifest(DateTimeOffset transactionTime, string request, IEnumerable<(string Type, string Url, int Count)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var output = new JsonArray();
        var error = new JsonArray();
        foreach (var (type, url, count) in files)
        {
            (type == "OperationOutcome" ? error : output).Add(new JsonObject { ["type"] = type, ["url"] = url, ["count"] = count });
        }

        return new JsonObject
        {
            ["transactionTime"] = transactionTime.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["request"] = request,
            ["requiresAccessToken"] = true,
            ["output"] = output,
            ["error"] = error,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static OperationOutcome OperationOutcomeOf(IEnumerable<Issue> issues) => FhirApi.OutcomeOf(404, issues);
}
