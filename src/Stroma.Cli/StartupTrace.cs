using System.Diagnostics;
using System.Globalization;

namespace Stroma.Cli;

/// <summary>
/// Where a command's time goes before its work, for developers (<c>STROMA_TRACE=1</c>): each mark writes the milliseconds since the
/// process started and how many assemblies are loaded to standard error. Off by default, when it costs one environment read.
/// </summary>
internal static class StartupTrace
{
    private static readonly bool IsOn = Environment.GetEnvironmentVariable("STROMA_TRACE") == "1";

    /// <summary>Writes a mark (when tracing is on).</summary>
    public static void Mark(string what)
    {
        if (!IsOn)
        {
            return;
        }

        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trace: {sinceStart.TotalMilliseconds,7:0.0} ms {what} ({AppDomain.CurrentDomain.GetAssemblies().Length} assemblies)"));
    }
}
