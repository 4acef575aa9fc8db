using System.Buffers.Binary;
using System.Text;

namespace Stroma.Core.Electrophoresis;

/// <summary>
/// Writes an <see cref="AbifFile"/> as ABIF: a 128-byte header whose directory entry points to the directory at the end, every
/// tag's data in between (data of 4 bytes or fewer inline in its entry), big-endian. What <see cref="AbifReader"/> reads back
/// has the same tags, types and bytes. (A 3500 HID file is written with its plain directory as the main one.)
/// </summary>
public static class AbifWriter
{
    private const int HeaderSize = 128;
    private const int EntrySize = 28;

    /// <summary>Writes the file.</summary>
    public static byte[] Write(AbifFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var dataLength = file.Tags.Where(t => t.Data.Length > 4).Sum(t => (long)t.Data.Length);
        var directoryOffset = checked((int)(HeaderSize + dataLength));
        var output = new byte[checked(directoryOffset + (file.Tags.Length * EntrySize))];
        "ABIF"u8.CopyTo(output);
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(4), checked((ushort)file.Version));
        WriteEntry(output.AsSpan(6), "tdir", 1, 1023, EntrySize, file.Tags.Length, file.Tags.Length * EntrySize, directoryOffset);
        var cursor = HeaderSize;
        for (var i = 0; i < file.Tags.Length; i++)
        {
            var tag = file.Tags[i];
            var entry = output.AsSpan(directoryOffset + (i * EntrySize), EntrySize);
            var offset = 0;
            if (tag.Data.Length > 4)
            {
                tag.Data.AsSpan().CopyTo(output.AsSpan(cursor));
                offset = cursor;
                cursor += tag.Data.Length;
            }

            WriteEntry(entry, tag.Name, tag.Number, tag.ElementType, tag.ElementSize, tag.Count, tag.Data.Length, offset);
            if (tag.Data.Length <= 4)
            {
                entry.Slice(20, 4).Clear();
                tag.Data.AsSpan().CopyTo(entry[20..]);
            }
        }

        return output;
    }

    private static void WriteEntry(Span<byte> entry, string name, int number, short type, short size, int count, int dataSize, int offset)
    {
        Encoding.Latin1.GetBytes(name.PadRight(4).AsSpan(0, 4), entry);
        BinaryPrimitives.WriteInt32BigEndian(entry[4..], number);
        BinaryPrimitives.WriteInt16BigEndian(entry[8..], type);
        BinaryPrimitives.WriteInt16BigEndian(entry[10..], size);
        BinaryPrimitives.WriteInt32BigEndian(entry[12..], count);
        BinaryPrimitives.WriteInt32BigEndian(entry[16..], dataSize);
        BinaryPrimitives.WriteInt32BigEndian(entry[20..], offset);
        BinaryPrimitives.WriteInt32BigEndian(entry[24..], 0);
    }
}
