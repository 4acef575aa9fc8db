using System.Text.Json;
using System.Text.Json.Serialization;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Text;

/// <summary>
/// The house way of reading a JSON document into records: camelCase, unknown properties are errors, required constructor
/// parameters and nullability respected, enums as camelCase strings; a malformed document is one issue at its JSON path.
/// </summary>
public static class StrictJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The document, or the issue (code <paramref name="malformedCode"/>) that says why it is not one.</summary>
    public static (T? Document, Issue? Problem) Deserialize<T>(ReadOnlySpan<byte> json, string fileName, string malformedCode, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) is { } document
                ? (document, null)
                : (null, Issue.Error(malformedCode, $"{fileName} $", $"Expected a JSON object; found null."));
        }
        catch (JsonException e)
        {
            return (null, Issue.Error(malformedCode, $"{fileName} {e.Path ?? "$"}", $"Expected {what} (see the README); {e.Message}"));
        }
    }
}

/// <summary>Reads text fields of a document into values, adding one issue per bad value with its JSON path.</summary>
/// <param name="FileName">The file, for locations.</param>
/// <param name="BadValueCode">The issue code of a bad value.</param>
/// <param name="Issues">Where issues go.</param>
public sealed record JsonFields(string FileName, string BadValueCode, List<Issue> Issues)
{
    /// <summary>Records an issue and returns the fallback.</summary>
    public T Fail<T>(string path, string message, T fallback)
    {
        Issues.Add(Issue.Error(BadValueCode, $"{FileName} {path}", $"{message}"));
        return fallback;
    }

    /// <summary>An ISO 8601 date-time with its offset (never a guessed time zone).</summary>
    public DateTimeOffset Time(string text, string path) =>
        IsoTime.TryParse(text, out var t) ? t : Fail(path, $"Expected an ISO 8601 date-time with a UTC offset ({IsoTime.Example}); found '{text}'.", default(DateTimeOffset));

    /// <summary>An enum member by name, case-insensitive.</summary>
    public TEnum Kind<TEnum>(string text, string path)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text, ignoreCase: true, out var v) && Enum.IsDefined(v) ? v : Fail(path, $"Expected one of {string.Join(", ", Enum.GetNames<TEnum>())}; found '{text}'.", default(TEnum));
}
