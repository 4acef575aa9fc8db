namespace Stroma.Core.Text;

/// <summary>How a value that may be a name or a file path is told apart, for the options that take either (a kit, a layout).</summary>
public static class FileNames
{
    /// <summary>
    /// Whether <paramref name="value"/> was meant as a file rather than a name: it has a folder or a file extension. Such a value that
    /// is not there is said not to exist, instead of being reported as an unknown name.
    /// </summary>
    public static bool MeantAsFile(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Contains('/', StringComparison.Ordinal) || value.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.HasExtension(value);
    }
}
