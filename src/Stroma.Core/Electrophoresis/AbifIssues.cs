namespace Stroma.Core.Electrophoresis;

/// <summary>Stable issue codes for ABIF (.fsa, .hid) files.</summary>
public static class AbifIssues
{
    /// <summary>The file does not start with "ABIF".</summary>
    public const string NotAbif = "ABIF001";

    /// <summary>The major version is not 1, 2 or 3 (files say 101 or 300).</summary>
    public const string UnsupportedVersion = "ABIF002";

    /// <summary>The file ends before the header or the directory does.</summary>
    public const string Truncated = "ABIF003";

    /// <summary>An entry's data lies (partly) past the end of the file.</summary>
    public const string OffsetPastEnd = "ABIF004";

    /// <summary>A count or size is absurd for the file's length.</summary>
    public const string AbsurdCount = "ABIF005";

    /// <summary>Two entries have the same name and number; the first is kept.</summary>
    public const string DuplicateTag = "ABIF006";

    /// <summary>An entry's element size does not fit its element type.</summary>
    public const string BadElementSize = "ABIF007";

    /// <summary>The main directory is obfuscated (3500 .hid) and the plain directory was used instead.</summary>
    public const string HiddenDirectoryUsed = "ABIF008";

    /// <summary>The main directory is obfuscated and no plain directory was found.</summary>
    public const string NoPlainDirectory = "ABIF009";

    /// <summary>No raw trace (DATA1–4, DATA105+) is present.</summary>
    public const string NoTraces = "ABIF010";

    /// <summary>A raw trace has a different length from the scan count.</summary>
    public const string TraceLength = "ABIF011";
}
