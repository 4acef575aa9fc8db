using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Text;

/// <summary>
/// The house way of reading a JSON document: UTF-8 with or without a byte-order mark; camelCase; unknown and duplicate properties are
/// errors; required constructor parameters and nullability respected; enums only as their camelCase names (never numbers); no
/// <c>null</c> inside a list; every number within the range of a double (<see cref="NumberText"/>: <c>1e400</c> is refused, not made
/// infinite). Problems are issues at their JSON path that say what was expected and what was found, never in .NET type names.
/// </summary>
public static partial class StrictJson
{
    // At most this many structural issues are listed; a hostile file must not produce millions of lines.
    private const int MaxIssues = 100;

    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Reads a document into <typeparamref name="T"/>; every issue has code <paramref name="malformedCode"/> and its JSON path.</summary>
    /// <param name="json">The UTF-8 bytes (a byte-order mark is allowed).</param>
    /// <param name="fileName">The file, for locations.</param>
    /// <param name="malformedCode">The format's code for a document that is not well-formed or not of the expected shape.</param>
    /// <param name="what">What the document is, for messages (for example "a course document").</param>
    public static ReadResult<T> Read<T>(ReadOnlySpan<byte> json, string fileName, string malformedCode, string what)
        where T : class
    {
        var parsed = Parse(json, fileName, malformedCode);
        if (parsed.Value is not { } document)
        {
            return ReadResult.Failed<T>(parsed.Issues);
        }

        using (document)
        {
            try
            {
                return document.RootElement.Deserialize<T>(Options) is { } value
                    ? ReadResult.Of(value)
                    : ReadResult.Failed<T>([Issue.Error(malformedCode, $"{fileName} $", $"Expected {what}: a JSON object; found null.")]);
            }
            catch (JsonException e)
            {
                return ReadResult.Failed<T>([Issue.Error(malformedCode, $"{fileName} {PathOf(e)}", $"{Explain(e, document.RootElement, typeof(T))}")]);
            }
        }
    }

    /// <summary>
    /// Parses a document for readers that walk it themselves: the byte-order mark skipped, then every duplicate property, <c>null</c>
    /// list element and number outside the range of a double reported at its path. The caller disposes the document.
    /// </summary>
    public static ReadResult<JsonDocument> Parse(ReadOnlySpan<byte> json, string fileName, string malformedCode)
    {
        if (json.StartsWith(ByteOrderMark))
        {
            json = json[ByteOrderMark.Length..];
        }

        // The parser checks the structure, not the bytes inside strings: an invalid sequence would surface later, from a string's value.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            var (line, column) = FirstInvalidByte(json);
            return ReadResult.Failed<JsonDocument>([Issue.Error(malformedCode, FormattableString.Invariant($"{fileName} line {line}"),
                $"Expected UTF-8 text; found a byte sequence that is not UTF-8 at byte {column} of the line (save the file as UTF-8).")]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? FormattableString.Invariant($"{fileName} line {line + 1}") : fileName;
            return ReadResult.Failed<JsonDocument>([Issue.Error(malformedCode, where, $"Expected well-formed JSON; {WithoutPosition(e.Message)} (at byte {e.BytePositionInLine + 1} of the line)")]);
        }

        var issues = new List<Issue>();
        Check(document.RootElement, "$", fileName, malformedCode, issues);
        if (issues.Count == 0)
        {
            return ReadResult.Of(document);
        }

        document.Dispose();
        return ReadResult.Failed<JsonDocument>(issues);
    }

    // The line (1-based) and byte within it (1-based) of the first byte that does not start or continue a valid UTF-8 sequence.
    private static (int Line, int Column) FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        Span<char> buffer = stackalloc char[256];
        var at = 0;
        while (at < bytes.Length)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes[at..], buffer, out var read, out _, replaceInvalidSequences: false);
            at += read;
            if (status != System.Buffers.OperationStatus.DestinationTooSmall)
            {
                break; // invalid data (or a sequence cut off by the end) starts at 'at'
            }
        }

        var before = bytes[..Math.Min(at, bytes.Length)];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (before.Count((byte)'\n') + 1, at - lineStart + 1);
    }

    /// <summary>
    /// What a serializer error means, in the document's terms: what the value at the error's path should be (from the target type,
    /// never named) and what was found there.
    /// </summary>
    /// <param name="exception">The serializer's exception.</param>
    /// <param name="root">The element that was being deserialized.</param>
    /// <param name="type">The type it was being deserialized into.</param>
    public static string Explain(JsonException exception, JsonElement root, Type type)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(type);
        var path = exception.Path ?? "$";
        var message = exception.Message;
        var quoted = Quoted().Matches(message).Select(m => m.Groups[1].Value).ToList();
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = message[message.IndexOf("including:", StringComparison.Ordinal)..];
            var missing = Quoted().Matches(names).Select(m => JsonNamingPolicy.CamelCase.ConvertName(m.Groups[1].Value)).ToList();
            return $"Expected the required {(missing.Count == 1 ? "property" : "properties")} {string.Join(", ", missing)} in this object; {(missing.Count == 1 ? "it is" : "they are")} missing.";
        }

        if (message.Contains("could not be mapped", StringComparison.Ordinal) && quoted.Count > 0)
        {
            var parent = TypeAt(type, Segments(path).SkipLast(1));
            var known = parent is null ? null : string.Join(", ", PropertiesOf(parent).Select(p => p.Name));
            return known is null
                ? $"Expected only the documented properties; found the unknown property '{quoted[0]}'."
                : $"Expected only the properties {known}; found the unknown property '{quoted[0]}'.";
        }

        if (message.StartsWith("Duplicate property", StringComparison.Ordinal) && quoted.Count > 0)
        {
            return $"Expected each property once in this object; found '{quoted[0]}' more than once.";
        }

        var expected = TypeAt(type, Segments(path)) is { } target ? Describe(target) : "a value of the documented shape (see the README)";
        return $"Expected {expected}; found {Found(ElementAt(root, Segments(path)))}.";
    }

    // The location of a serializer error: the unknown property itself, or the object or value concerned.
    private static string PathOf(JsonException e) => e.Path ?? "$";

    // Duplicates, nulls inside lists and numbers outside the range of a double, each at its path.
    private static void Check(JsonElement element, string path, string fileName, string code, List<Issue> issues)
    {
        if (issues.Count > MaxIssues)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var at = path + Segment(property.Name);
                    if (!seen.Add(property.Name))
                    {
                        Add(issues, Issue.Error(code, $"{fileName} {at}", $"Expected each property once in this object; found '{property.Name}' again."));
                    }

                    Check(property.Value, at, fileName, code, issues);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var at = FormattableString.Invariant($"{path}[{index++}]");
                    if (item.ValueKind == JsonValueKind.Null)
                    {
                        Add(issues, Issue.Error(code, $"{fileName} {at}", $"Expected a value in this list; found null."));
                    }

                    Check(item, at, fileName, code, issues);
                }

                break;
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                if (!NumberText.TryParse(raw, out _, out var problem))
                {
                    Add(issues, Issue.Error(code, $"{fileName} {path}", $"{NumberText.Describe(raw, problem)}"));
                }

                break;
        }
    }

    private static void Add(List<Issue> issues, Issue issue)
    {
        if (issues.Count < MaxIssues)
        {
            issues.Add(issue);
        }
        else if (issues.Count == MaxIssues)
        {
            issues.Add(issue with { Message = FormattableString.Invariant($"More problems follow; only the first {MaxIssues} are listed.") });
        }
    }

    // A property as System.Text.Json writes it in a path: ".name" for plain names, "['name']" for others.
    private static string Segment(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]) ? "." + name : $"['{name}']";

    // The segments of a System.Text.Json path: property names and list indices ("$.lot.bags[0]['odd name']").
    private static List<string> Segments(string path)
    {
        var segments = new List<string>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 2)..end]);
                i = Math.Min(path.Length, end + 2);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                segments.Add(path[i..Math.Min(path.Length, end + 1)]);
                i = end + 1;
            }
            else
            {
                i++;
            }
        }

        return segments;
    }

    private static bool IsIndex(string segment) => segment.StartsWith('[') && segment.EndsWith(']');

    // The .NET type a path leads to in the target type, or null where it cannot be followed (inside a JsonElement).
    private static Type? TypeAt(Type type, IEnumerable<string> segments)
    {
        Type? current = type;
        foreach (var segment in segments)
        {
            current = current is null ? null : Nullable.GetUnderlyingType(current) ?? current;
            current = current is null || current == typeof(JsonElement) ? null
                : IsIndex(segment) ? ElementType(current)
                : PropertiesOf(current).FirstOrDefault(p => p.Name == segment).Type;
        }

        return current;
    }

    private static IEnumerable<(string Name, Type Type)> PropertiesOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType));

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type == typeof(string) ? null
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    // What a value of this type looks like in JSON.
    private static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? "a string"
            : t == typeof(bool) ? "true or false"
            : t == typeof(int) || t == typeof(long) || t == typeof(short) ? "a whole number"
            : t == typeof(double) || t == typeof(float) || t == typeof(decimal) ? "a number"
            : t.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(t).Select(JsonNamingPolicy.CamelCase.ConvertName))}"
            : t == typeof(JsonElement) ? "a value"
            : ElementType(t) is not null ? "a list"
            : "an object";
    }

    // The element at a path, or undefined when the path leaves the document.
    private static JsonElement ElementAt(JsonElement root, IEnumerable<string> segments)
    {
        var current = root;
        foreach (var segment in segments)
        {
            if (IsIndex(segment) && current.ValueKind == JsonValueKind.Array && int.TryParse(segment.AsSpan(1, segment.Length - 2), System.Globalization.CultureInfo.InvariantCulture, out var index)
                && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else if (!IsIndex(segment) && current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else
            {
                return default;
            }
        }

        return current;
    }

    private static string Found(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string '{element.GetString()}'",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => "nothing",
    };

    // A reader's message without its " LineNumber: … | BytePositionInLine: …" (the location says where) or a type name.
    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = cut < 0 ? message : message[..cut];
        var path = text.IndexOf(" Path: ", StringComparison.Ordinal);
        return TypeName().Replace(path < 0 ? text : text[..path], "a value").TrimEnd(' ', '|');
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\b(System|Stroma)\.[\w.+`\[\], ]+")]
    private static partial Regex TypeName();
}
