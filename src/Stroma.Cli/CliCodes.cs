namespace Stroma.Cli;

/// <summary>
/// Every code the command line itself gives (CLI: an option's value; IO: a file named on the command line; ENV: the environment
/// failed), in one place. The rules' own codes (LAB, QTY, STR, ARY, …) live beside the rules in Core; the trail's (AUDIT, KEY) in
/// <see cref="Storage.Audit.AuditIssues"/>. A code, once given, keeps its meaning.
/// </summary>
public static class CliCodes
{
    /// <summary>A unit option given without the value it belongs to.</summary>
    public const string UnpairedOption = "CLI001";

    /// <summary><c>egfr --sex</c> is not F or M.</summary>
    public const string UnknownSex = "CLI002";

    /// <summary><c>upcr --population</c> is not child, adult or both.</summary>
    public const string UnknownPopulation = "CLI003";

    /// <summary>An STR or array result was to be kept for a patient the database does not have.</summary>
    public const string UnknownPatient = "CLI005";

    /// <summary>A time option is not ISO 8601 with its offset.</summary>
    public const string BadTime = "CLI006";

    /// <summary>A <c>--patient</c> value that is not a well-formed patient id.</summary>
    public const string BadPatientId = "CLI007";

    /// <summary>A number option is not a number (a decimal comma, thousands separators, words).</summary>
    public const string NotANumber = "CLI010";

    /// <summary>A safety option's value is not one the option takes.</summary>
    public const string BadOptionValue = "CLI031";

    /// <summary><c>--as</c> was refused (not allowed by the setting, or not a valid name).</summary>
    public const string ActingAsRefused = "CLI040";

    /// <summary><c>setting</c>: a key Stroma does not have, or a value the key does not take.</summary>
    public const string UnknownSetting = "CLI041";

    /// <summary><c>serve --port</c> is not a TCP port.</summary>
    public const string BadPort = "CLI050";

    /// <summary><c>serve --host</c> is not an address to listen on.</summary>
    public const string BadHost = "CLI051";

    /// <summary>An unexpected failure inside Stroma (a bug; exit 70).</summary>
    public const string Internal = "CLI900";

    /// <summary>A file named on the command line does not exist.</summary>
    public const string MissingFile = "IO001";

    /// <summary>An output file exists and <c>--force</c> was not given.</summary>
    public const string OutputExists = "IO002";

    /// <summary>An output file is an input of the command, its database or a kept raw file.</summary>
    public const string OutputIsInput = "IO003";

    /// <summary>An output file's folder does not exist.</summary>
    public const string MissingFolder = "IO004";

    /// <summary>The file system refused a read or write (environment failure, exit 4).</summary>
    public const string FileSystem = "ENV001";

    /// <summary>The database failed or refused (environment failure, exit 4).</summary>
    public const string Database = "ENV002";

    /// <summary>The command was cancelled (Ctrl+C).</summary>
    public const string Cancelled = "ENV003";

    /// <summary><c>serve</c>: the port is in use by another program.</summary>
    public const string PortInUse = "ENV004";
}
