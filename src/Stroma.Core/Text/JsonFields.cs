using Stroma.Core.Diagnostics;

namespace Stroma.Core.Text;

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

    /// <summary>An enum member by name, case-insensitive; a number (<c>"0"</c>) is refused, as it would silently pick a member.</summary>
    public TEnum Kind<TEnum>(string text, string path)
        where TEnum : struct, Enum =>
        EnumText.TryParse<TEnum>(text, out var v) ? v : Fail(path, $"Expected one of {string.Join(", ", Enum.GetNames<TEnum>())}; found '{text}'.", default(TEnum));
}

/// <summary>Enum members read from text by name only.</summary>
public static class EnumText
{
    /// <summary>The member named <paramref name="text"/> (case-insensitive); false for numbers and unknown names.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<TEnum>(name);
        return name is not null;
    }
}
