using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Stroma.Core.Diagnostics;

namespace Stroma.Core.Electrophoresis;

/// <summary>
/// Reads ABIF files (ABIF File Format Specification, 2009; research/str.md §3.1): big-endian, versions 1xx–3xx, every element type
/// kept as bytes. Bad files never throw and never hang: the result holds whatever could be read and every issue with its byte
/// offset. 3500 HID files whose main directory is obfuscated are read through their plain second directory.
/// </summary>
public static class AbifReader
{
    private const int EntrySize = 28;

    /// <summary>Reads a file.</summary>
    public static ReadResult<AbifFile> Read(ReadOnlySpan<byte> bytes, string fileName)
    {
        var issues = new List<Issue>();
        if (bytes.Length < 4 || !bytes[..4].SequenceEqual("ABIF"u8))
        {
            var found = Encoding.Latin1.GetString(bytes[..Math.Min(4, bytes.Length)]);
            return ReadResult.Failed<AbifFile>([Issue.Error(AbifIssues.NotAbif, $"{fileName}@0", $"Expected the magic bytes 'ABIF'; found '{Printable(found)}'.")]);
        }

        if (bytes.Length < 34)
        {
            return ReadResult.Failed<AbifFile>([Issue.Error(AbifIssues.Truncated, $"{fileName}@4", $"Expected a 34-byte header; the file has {bytes.Length} bytes.")]);
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]);
        if (version / 100 is < 1 or > 3)
        {
            return ReadResult.Failed<AbifFile>([Issue.Error(AbifIssues.UnsupportedVersion, $"{fileName}@4", $"Expected ABIF version 1xx-3xx; found {version}.")]);
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(bytes[18..]);
        var directory = BinaryPrimitives.ReadInt32BigEndian(bytes[26..]);
        if (count < 0 || count > bytes.Length / EntrySize)
        {
            return ReadResult.Failed<AbifFile>([Issue.Error(AbifIssues.AbsurdCount, $"{fileName}@18", $"Expected a directory of at most {bytes.Length / EntrySize} entries; found {count}.")]);
        }

        if (directory < 0 || (long)directory + ((long)count * EntrySize) > bytes.Length)
        {
            var available = directory >= 0 && directory < bytes.Length ? (bytes.Length - directory) / EntrySize : 0;
            issues.Add(Issue.Error(AbifIssues.Truncated, $"{fileName}@26",
                $"The directory of {count} entries at offset {directory} needs {(long)count * EntrySize} bytes; the file has {bytes.Length}: reading the {available} complete entries."));
            count = available;
        }

        var main = ReadEntries(bytes, directory, count, fileName, issues);
        var obfuscated = main.Count(t => t.ElementType is >= 28 and <= 34);
        if (obfuscated > 0)
        {
            var plain = FindPlainDirectory(bytes, directory, count);
            if (plain is { } found)
            {
                issues.Add(new Issue(AbifIssues.HiddenDirectoryUsed, Severity.Information,
                    FormattableString.Invariant($"The main directory at {directory} has {obfuscated} obfuscated entries (3500 HID); read the plain directory at {found.Offset} ({found.Count} entries)."),
                    FormattableString.Invariant($"{fileName}@{found.Offset}")));
                var hiddenIssues = new List<Issue>();
                main = ReadEntries(bytes, found.Offset, found.Count, fileName, hiddenIssues);
                issues.AddRange(hiddenIssues);
            }
            else
            {
                issues.Add(Issue.Warning(AbifIssues.NoPlainDirectory, $"{fileName}@{directory}",
                    $"The main directory has {obfuscated} obfuscated entries and no plain directory was found; those entries are kept as raw bytes."));
            }
        }

        var seen = new HashSet<(string, int)>();
        var unique = new List<AbifTag>(main.Count);
        foreach (var tag in main)
        {
            if (seen.Add((tag.Name, tag.Number)))
            {
                unique.Add(tag);
            }
            else
            {
                issues.Add(Issue.Warning(AbifIssues.DuplicateTag, $"{fileName}@{tag.EntryOffset}", $"Tag {tag.Key} appears again; the first one is kept."));
            }
        }

        var file = new AbifFile(version, unique);
        CheckTraces(file, fileName, issues);
        return ReadResult.Of(file, issues);
    }

    /// <summary>Like <see cref="Read"/>, throwing <see cref="InvalidInputException"/> when the file has errors.</summary>
    /// <exception cref="InvalidInputException">The file has at least one error.</exception>
    public static AbifFile ReadOrThrow(ReadOnlySpan<byte> bytes, string fileName) => Read(bytes, fileName).ValueOrThrow();

    private static List<AbifTag> ReadEntries(ReadOnlySpan<byte> bytes, int offset, int count, string fileName, List<Issue> issues)
    {
        var tags = new List<AbifTag>(count);
        for (var i = 0; i < count; i++)
        {
            var at = offset + (i * EntrySize);
            var entry = bytes.Slice(at, EntrySize);
            var name = Encoding.Latin1.GetString(entry[..4]);
            var number = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
            var type = BinaryPrimitives.ReadInt16BigEndian(entry[8..]);
            var size = BinaryPrimitives.ReadInt16BigEndian(entry[10..]);
            var elements = BinaryPrimitives.ReadInt32BigEndian(entry[12..]);
            var dataSize = BinaryPrimitives.ReadInt32BigEndian(entry[16..]);
            var dataOffset = BinaryPrimitives.ReadInt32BigEndian(entry[20..]);
            // Only an issue needs these; most files raise none.
            string Location() => FormattableString.Invariant($"{fileName}@{at}");
            string Key() => FormattableString.Invariant($"{Printable(name)}{number}");
            if (elements < 0 || dataSize < 0 || dataSize > bytes.Length || (long)elements * Math.Max((int)size, 1) > bytes.Length)
            {
                issues.Add(Issue.Error(AbifIssues.AbsurdCount, Location(), $"Tag {Key()} claims {elements} elements of {size} bytes ({dataSize} bytes) in a file of {bytes.Length} bytes; skipped."));
                continue;
            }

            var expectedSize = AbifElementType.SizeOf(type);
            if (expectedSize > 0 && size != expectedSize)
            {
                issues.Add(Issue.Warning(AbifIssues.BadElementSize, Location(), $"Tag {Key()} has element type {type}, which has {expectedSize}-byte elements; found {size}. Kept as bytes."));
            }

            byte[] data;
            if (dataSize <= 4)
            {
                data = entry.Slice(20, dataSize).ToArray();
            }
            else if (dataOffset < 0 || (long)dataOffset + dataSize > bytes.Length)
            {
                issues.Add(Issue.Error(AbifIssues.OffsetPastEnd, Location(),
                    $"Tag {Key()} points to {dataSize} bytes at offset {dataOffset}; the file has {bytes.Length} bytes. Skipped; the other tags are read."));
                continue;
            }
            else
            {
                data = bytes.Slice(dataOffset, dataSize).ToArray();
            }

            tags.Add(new AbifTag(name, number, type, size, elements, ImmutableCollectionsMarshal.AsImmutableArray(data), at));
        }

        return tags;
    }

    // The 3500 HID plain directory (OSIRIS fsaFileInput.cpp _SetupHIDOffset; NFI DNAnet parse_raw_hid.py): find a valid short
    // DATA entry outside the main directory, then walk back and forward while 28-byte entries validate.
    private static (int Offset, int Count)? FindPlainDirectory(ReadOnlySpan<byte> bytes, int mainOffset, int mainCount)
    {
        var mainEnd = mainOffset + (mainCount * EntrySize);
        for (var p = bytes.IndexOf("DATA"u8); p >= 0;)
        {
            var inMain = p >= mainOffset && p < mainEnd;
            if (!inMain && IsValidEntry(bytes, p) && BinaryPrimitives.ReadInt16BigEndian(bytes[(p + 8)..]) == AbifElementType.ShortInteger)
            {
                var start = p;
                while (start - EntrySize >= 0 && IsValidEntry(bytes, start - EntrySize))
                {
                    start -= EntrySize;
                }

                var end = p;
                while (end + EntrySize <= bytes.Length - EntrySize && IsValidEntry(bytes, end + EntrySize))
                {
                    end += EntrySize;
                }

                var count = ((end - start) / EntrySize) + 1;
                if (HasDyeNames(bytes, start, count))
                {
                    return (start, count);
                }
            }

            var next = bytes[(p + 1)..].IndexOf("DATA"u8);
            p = next < 0 ? -1 : p + 1 + next;
        }

        return null;
    }

    private static bool HasDyeNames(ReadOnlySpan<byte> bytes, int start, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (bytes.Slice(start + (i * EntrySize), 4).SequenceEqual("DyeN"u8))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsValidEntry(ReadOnlySpan<byte> bytes, int at)
    {
        if (at < 0 || at + EntrySize > bytes.Length)
        {
            return false;
        }

        var entry = bytes.Slice(at, EntrySize);
        foreach (var c in entry[..4])
        {
            if (c is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        var number = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
        var type = BinaryPrimitives.ReadInt16BigEndian(entry[8..]);
        var size = BinaryPrimitives.ReadInt16BigEndian(entry[10..]);
        var count = BinaryPrimitives.ReadInt32BigEndian(entry[12..]);
        var dataSize = BinaryPrimitives.ReadInt32BigEndian(entry[16..]);
        var offset = BinaryPrimitives.ReadInt32BigEndian(entry[20..]);
        var sized = AbifElementType.SizeOf(type);
        return number is >= 0 and < 0x01000000
            && AbifElementType.IsKnown(type)
            && size > 0 && (sized == 0 || size == sized)
            && count is >= 0 and < 0x01000000
            && (long)size * count == dataSize
            && (dataSize <= 4 || (offset >= 0 && (long)offset + dataSize <= bytes.Length));
    }

    private static void CheckTraces(AbifFile file, string fileName, List<Issue> issues)
    {
        if (file.RawTraceNumbers.IsEmpty)
        {
            issues.Add(Issue.Error(AbifIssues.NoTraces, fileName, $"Expected raw traces DATA1-4 (and DATA105+ for 5 or more dyes); found none."));
            return;
        }

        if (file.ScanCount is { } scans)
        {
            foreach (var number in file.RawTraceNumbers)
            {
                var trace = file.Tag("DATA", number)!;
                if (trace.Count != scans)
                {
                    issues.Add(Issue.Warning(AbifIssues.TraceLength, $"{fileName}@{trace.EntryOffset}", $"Trace DATA{number} has {trace.Count} points; the scan count is {scans}."));
                }
            }
        }
    }

    private static string Printable(string text) => new([.. text.Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
