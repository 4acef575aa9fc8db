using System.CommandLine;
using Stroma.Core.Diagnostics;

namespace Stroma.Cli;

/// <summary>
/// How a command writes an output file: never onto one of its inputs or the open database (or its journal), never onto an existing
/// file unless <c>--force</c> is given, and always through a temporary file in the same folder renamed into place, so a failed or
/// interrupted write leaves the old file (or nothing) rather than half a file.
/// </summary>
internal static class OutputFiles
{
    // The files SQLite keeps beside a database while it is open, and the audit key Stroma keeps beside it.
    private static readonly string[] DatabaseCompanions = ["-wal", "-shm", "-journal", ".key"];

    // File systems of devices and of the kernel: a name there is never a report's file (replacing /dev/full or writing into /proc).
    private static readonly string[] SystemFolders = ["/dev/", "/proc/", "/sys/"];

    /// <summary>The option that allows replacing an existing output file.</summary>
    public static Option<bool> ForceOption() => new("--force") { Description = "Replace an existing output file (never an input or the database)." };

    /// <summary>
    /// Why <paramref name="path"/> may not be written, or null when it may: it is (or links to) one of <paramref name="protectedPaths"/>
    /// (inputs, the database file and its -wal/-shm/-journal companions and its audit key), it is a device or system file, its
    /// folder does not exist (unless <paramref name="folderMayBeCreated"/>, for a folder of outputs the command makes), or it exists
    /// and <paramref name="force"/> is false.
    /// </summary>
    public static Issue? Check(string path, bool force, IEnumerable<string?> protectedPaths, bool folderMayBeCreated = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(protectedPaths);
        var target = Canonical(path);
        foreach (var input in protectedPaths.OfType<string>())
        {
            var canonical = Canonical(input);
            if (string.Equals(target, canonical, StringComparison.Ordinal)
                || DatabaseCompanions.Any(suffix => string.Equals(target, canonical + suffix, StringComparison.Ordinal)))
            {
                var what = string.Equals(target, canonical, StringComparison.Ordinal) ? $"'{input}'" : $"the companion of '{input}' (its journal or audit key)";
                return Issue.Error(CliCodes.OutputIsInput, path, $"Expected an output file that is not an input of this command, its database or its audit key; '{path}' is {what}. Choose another file.");
            }
        }

        if (Directory.Exists(target))
        {
            return Issue.Error(CliCodes.OutputExists, path, $"Expected a file to write; '{path}' is a folder.");
        }

        if (SystemFolders.Any(folder => target.StartsWith(folder, StringComparison.Ordinal)))
        {
            return Issue.Error(CliCodes.OutputExists, path, $"Expected a regular file to write; '{path}' is a device or system file ({target}). Choose a file in a folder of your own.");
        }

        if (!folderMayBeCreated && Path.GetDirectoryName(target) is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            return Issue.Error(CliCodes.MissingFolder, path, $"Expected an existing folder for the output; '{folder}' does not exist. Create it first, or check the path.");
        }

        return File.Exists(target) && !force
            ? Issue.Error(CliCodes.OutputExists, path, $"Expected a new output file; '{path}' exists. Give --force to replace it, or choose another name.")
            : null;
    }

    /// <summary>Writes the bytes to a temporary file beside <paramref name="path"/> and renames it into place (replacing an existing file).</summary>
    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes text as UTF-8 (no byte-order mark) the same way.</summary>
    public static Task WriteAsync(string path, string text, CancellationToken cancellationToken) =>
        WriteAsync(path, new System.Text.UTF8Encoding(false).GetBytes(text), cancellationToken);

    // The full path with every symbolic link along it resolved (the file's own and its folders'), as realpath(3) would.
    private static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            try
            {
                FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                {
                    next = target.FullName;
                }
            }
            catch (IOException)
            {
                // A link that cannot be resolved (a loop, a dangling target) is compared as written.
            }

            current = next;
        }

        return current;
    }
}
