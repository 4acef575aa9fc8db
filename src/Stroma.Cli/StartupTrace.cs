using System.Diagnostics;
using System.Globalization;

namespace Stroma.Cli;

/// <summary>
/// Where a command's time goes before and during its work, for developers (<c>STROMA_TRACE=1</c>): each mark notes the time, how many
/// assemblies are loaded, and how many methods the JIT compiled and in how long (the methods ReadyToRun did not cover); when the
/// process exits the marks go to standard error as milliseconds since the process started. Nothing is written or formatted until
/// then, so the trace does not put its own costs (the console, the time zone) between the marks. Off by default, when it costs one
/// environment read.
/// </summary>
internal static class StartupTrace
{
    private static readonly bool IsOn = Environment.GetEnvironmentVariable("STROMA_TRACE") == "1";
    private static readonly List<TraceMark> Marks = [];

    /// <summary>Notes a mark (when tracing is on).</summary>
    public static void Mark(string what)
    {
        if (!IsOn)
        {
            return;
        }

        Marks.Add(new TraceMark(what, Stopwatch.GetTimestamp(), AppDomain.CurrentDomain.GetAssemblies().Length,
            System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime()));
        if (Marks.Count == 1)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Write();
        }
    }

    private static void Write()
    {
        // The process's start on the stopwatch's clock: now, less how long ago the process started.
        var now = Stopwatch.GetTimestamp();
        var started = now - (long)((DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds * Stopwatch.Frequency);
        foreach (var (what, timestamp, assemblies, jitMethods, jitTime) in Marks)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trace: {Stopwatch.GetElapsedTime(started, timestamp).TotalMilliseconds,7:0.0} ms {what} ({assemblies} assemblies, " +
                $"{jitMethods} methods JIT-compiled in {jitTime.TotalMilliseconds:0.0} ms)"));
        }
    }

    // A class, not a tuple: a list of a reference type is precompiled, so marking does not itself make the JIT compile methods.
    private sealed record TraceMark(string What, long Timestamp, int Assemblies, long JitMethods, TimeSpan JitTime);
}
