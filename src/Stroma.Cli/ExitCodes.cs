namespace Stroma.Cli;

/// <summary>The exit codes of every <c>stroma</c> command.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The input values had at least one error.</summary>
    public const int InvalidInput = 1;

    /// <summary>The command line itself was wrong (unknown option, missing required option, a word where a number belongs).</summary>
    public const int Usage = 2;
}
