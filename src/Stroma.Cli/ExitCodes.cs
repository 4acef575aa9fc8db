namespace Stroma.Cli;

/// <summary>The exit codes of every <c>stroma</c> command (documented in the README).</summary>
public static class ExitCodes
{
    /// <summary>Success; for a verdict command, the verdict is yes (a lot released, an audit trail intact).</summary>
    public const int Ok = 0;

    /// <summary>The input values had at least one error (every problem is reported at once), or a check found the record not intact.</summary>
    public const int InvalidInput = 1;

    /// <summary>The command line itself was wrong (unknown option, missing required option, a word where a number belongs).</summary>
    public const int Usage = 2;

    /// <summary>A verdict command worked and its answer is no (a lot not released): nothing was wrong with the input.</summary>
    public const int NegativeVerdict = 3;

    /// <summary>The environment failed: the file system (a file that cannot be read or written) or the database (unreachable, locked, refused).</summary>
    public const int Environment = 4;

    /// <summary>An unexpected failure inside Stroma (a bug): one line naming it, never a stack trace; please report it.</summary>
    public const int Internal = 70;
}
