using System.Diagnostics.CodeAnalysis;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Course;

/// <summary>
/// A well-formed patient id (<see cref="PatientIds.IsValid"/>): the pseudonymous key a use case is given. It is made only by reading
/// text — <see cref="Read"/> for input (a coded issue when malformed), <see cref="TryParse(string?, out PatientId)"/> for routes and
/// query strings, <see cref="Parse"/> for ids the system itself made — so a use case never sees a blank, a path or a name where an id
/// belongs.
/// </summary>
public readonly record struct PatientId : IParsable<PatientId>
{
    private readonly string? _value;

    private PatientId(string value) => _value = value;

    /// <summary>The id's text.</summary>
    /// <exception cref="InvalidOperationException">The id is <c>default</c> (never read from text).</exception>
    public string Value => _value ?? throw new InvalidOperationException("A default PatientId holds no id; read one with PatientId.Read or TryParse.");

    /// <summary>The id read from input, or the problem with it (error <paramref name="code"/> at <paramref name="location"/>).</summary>
    public static ReadResult<PatientId> Read(string? text, string location, string code) =>
        PatientIds.Check(text, location, code) is { } issue ? ReadResult.Failed<PatientId>([issue]) : ReadResult.Of(new PatientId(text!));

    /// <summary>Reads an id; false when <paramref name="text"/> is not a well-formed id.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out PatientId id)
    {
        id = PatientIds.IsValid(text) ? new PatientId(text!) : default;
        return id._value is not null;
    }

    /// <inheritdoc/>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out PatientId result) => TryParse(s, out result);

    /// <summary>An id the system made or already checked.</summary>
    /// <exception cref="FormatException"><paramref name="s"/> is not a well-formed id.</exception>
    public static PatientId Parse(string s, IFormatProvider? provider = null) =>
        TryParse(s, out var id) ? id : throw new FormatException($"'{s}' is not a well-formed patient id.");

    /// <summary>The id's text, for the store and for output (the type's guarantee is at entry, not after it).</summary>
    public static implicit operator string(PatientId id) => id.Value;

    /// <inheritdoc/>
    public override string ToString() => _value ?? string.Empty;
}
