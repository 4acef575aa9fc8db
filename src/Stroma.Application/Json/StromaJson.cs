using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Stroma.Application.Json;

/// <summary>
/// The one way Stroma writes its result records as JSON, for the CLI's <c>--json</c> and the web API alike: camelCase names, nulls
/// written (a missing figure is <c>null</c>, never absent) except identity fields a reader may not see, and one escaping policy — µ, ≥
/// and × as themselves, not <c>\u00B5</c> — since the output is UTF-8 and never embedded in HTML unescaped. Serialised by the
/// source-generated <see cref="StromaJsonContext"/>, no reflection.
/// </summary>
public static class StromaJson
{
    /// <summary>The options: indented, camelCase, relaxed escaping, with the generated metadata.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = StromaJsonContext.Default,
    };

    /// <summary>Serialises a result record with its generated metadata.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)));
}
