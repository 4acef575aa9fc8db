using System.Globalization;

namespace Stroma.Core.Diagnostics;

/// <summary>
/// One problem found in external input or in a computation: a stable <paramref name="Code"/> (for example <c>QTY002</c>)
/// that callers and tests rely on, a <paramref name="Severity"/>, a message saying what was expected and what was found,
/// and the <paramref name="Location"/> of the problem (an option name, a file and byte offset, a row and column).
/// </summary>
/// <remarks>
/// The message and location go through <see cref="IssueText.Clean(string, int)"/> however the issue is made (factory, constructor or
/// <c>with</c>): an echoed field never brings control characters or megabytes into an error line.
/// </remarks>
/// <param name="Code">Stable identifier of the kind of problem; never reworded.</param>
/// <param name="Severity">How serious the problem is.</param>
/// <param name="Message">Invariant-culture text: what was expected and what was found.</param>
/// <param name="Location">Where the problem is; empty when it concerns the whole input.</param>
public sealed record Issue(string Code, Severity Severity, string Message, string Location)
{
    private readonly string _message = IssueText.Clean(Message);
    private readonly string _location = IssueText.Clean(Location, IssueText.LocationLimit);

    /// <summary>What was expected and what was found (control characters escaped, long echoed values cut).</summary>
    public string Message
    {
        get => _message;
        init => _message = IssueText.Clean(value);
    }

    /// <summary>Where the problem is (control characters escaped, cut when overlong).</summary>
    public string Location
    {
        get => _location;
        init => _location = IssueText.Clean(value, IssueText.LocationLimit);
    }

    /// <summary>Creates an error.</summary>
    public static Issue Error(string code, string location, FormattableString message) =>
        new(code, Severity.Error, FormattableString.Invariant(message), location);

    /// <summary>Creates a warning.</summary>
    public static Issue Warning(string code, string location, FormattableString message) =>
        new(code, Severity.Warning, FormattableString.Invariant(message), location);

    /// <summary>Creates an information note (something done that the user should know about).</summary>
    public static Issue Information(string code, string location, FormattableString message) =>
        new(code, Severity.Information, FormattableString.Invariant(message), location);

    /// <summary>The one-line form used on a command line's standard error: <c>location: CODE severity: message</c>.</summary>
    public string ToCliLine()
    {
        var severity = Severity.ToString().ToLowerInvariant();
        return Location.Length == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Code} {severity}: {Message}")
            : string.Create(CultureInfo.InvariantCulture, $"{Location}: {Code} {severity}: {Message}");
    }
}
