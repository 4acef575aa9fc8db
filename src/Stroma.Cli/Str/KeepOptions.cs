using Stroma.Core.Course;
using System.CommandLine;
using Stroma.Core.Str;
using Stroma.Core.Text;
using Stroma.Storage;

namespace Stroma.Cli.Str;

/// <summary>
/// <c>--patient ID [--material M] [--sampled-at TIME] [--role R]</c> with <c>--db</c>/<c>--connection</c>: keep an STR command's raw
/// files and results against a stored patient. Without <c>--patient</c> nothing is stored.
/// </summary>
internal sealed class KeepOptions
{
    private readonly StoreOptions _store = new();
    private readonly Option<PatientId?> _patient = PatientOptions.Optional("Keep the raw files and results against this stored patient (ids of its stored STR samples are accepted as inputs).");
    private readonly Option<string?> _material = new("--material") { Description = "What was sampled: peripheral blood, graft biopsy, buccal swab … (kept with the result)." };
    private readonly Option<string?> _sampledAt = new("--sampled-at") { Description = "When the sample was taken: ISO 8601 with its offset, e.g. 2026-03-03T09:00:00+01:00." };
    private readonly Option<string?>? _role;

    public KeepOptions(bool role) =>
        _role = role ? new Option<string?>("--role") { Description = "The samples' role: recipient, kidney-donor, msc-donor, post-treatment … (default: sample)." } : null;

    /// <summary>When the sample was taken, once <see cref="OpenAsync"/> has read it.</summary>
    public DateTimeOffset? SampledAt { get; private set; }

    public void AddTo(Command command)
    {
        command.Options.Add(_patient);
        command.Options.Add(_material);
        command.Options.Add(_sampledAt);
        if (_role is not null)
        {
            command.Options.Add(_role);
        }

        _store.AddTo(command);
    }

    public PatientId? Patient(ParseResult parsed) => parsed.GetValue(_patient);

    /// <summary>The role, material and time the user gave (null where not given).</summary>
    public SampleDetails Given(ParseResult parsed) => new(_role is null ? null : parsed.GetValue(_role), parsed.GetValue(_material), SampledAt);

    /// <summary>The store to keep results in (none without --patient), or null after saying on stderr what is wrong.</summary>
    public async Task<Opened?> OpenAsync(ParseResult parsed, TextWriter stderr, CancellationToken ct)
    {
        if (parsed.GetValue(_sampledAt) is { } text)
        {
            if (!IsoTime.TryParse(text, out var at))
            {
                stderr.WriteLine($"--sampled-at: {CliCodes.BadTime} error: Expected an ISO 8601 time with its offset (2026-03-03T09:00:00+01:00); found '{text}'.");
                return null;
            }

            SampledAt = at;
        }

        if (Patient(parsed) is not { } patient)
        {
            return new Opened(null, null, []);
        }

        if (_store.Resolve(parsed, stderr) is not { } location)
        {
            return null;
        }

        var store = await _store.OpenAsync(parsed, location, Storage.StoreOpening.Existing, ct);
        if (!await store.PatientExistsAsync(patient, ct))
        {
            stderr.WriteLine($"--patient: {CliCodes.UnknownPatient} error: Expected a stored patient; '{patient}' does not exist in {location}.");
            return null;
        }

        return new Opened(store, patient, await store.LoadStrSamplesAsync(patient, ct));
    }

    /// <summary>The opened store and patient (both null when nothing is to be kept) and the patient's kept STR samples.</summary>
    public sealed record Opened(StromaStore? Store, string? PatientId, IReadOnlyList<StrSampleRecord> Kept);
}
