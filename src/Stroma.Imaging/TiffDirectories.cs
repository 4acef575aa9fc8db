using System.Buffers.Binary;

namespace Stroma.Imaging;

/// <summary>
/// The frames a TIFF file declares, read from its image file directories without decoding anything (TIFF 6.0, section 2: an 8-byte
/// header "II*\0" or "MM\0*" with the first directory's offset; each directory a 2-byte count, 12-byte entries and the next
/// directory's offset): each frame's ImageWidth (tag 256), ImageLength (257) and RowsPerStrip (278). ImageSharp 2.1's Identify
/// reports the first frame only, and its decoder fails inside on a RowsPerStrip of 0; this walk lets the reader refuse both before
/// any pixel is allocated.
/// </summary>
internal static class TiffDirectories
{
    /// <summary>The declared frames (width, height), or the reason the directories cannot be walked; stops after <paramref name="maxFrames"/> + 1.</summary>
    public static (List<(long Width, long Height)> Frames, string? Problem) Read(ReadOnlySpan<byte> tiff, int maxFrames)
    {
        var frames = new List<(long, long)>();
        if (tiff.Length < 8 || !(tiff[0] == 'I' && tiff[1] == 'I') && !(tiff[0] == 'M' && tiff[1] == 'M'))
        {
            return (frames, "no TIFF header");
        }

        var little = tiff[0] == 'I';
        uint U32(ReadOnlySpan<byte> s, long at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s[(int)at..]) : BinaryPrimitives.ReadUInt32BigEndian(s[(int)at..]);
        ushort U16(ReadOnlySpan<byte> s, long at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s[(int)at..]) : BinaryPrimitives.ReadUInt16BigEndian(s[(int)at..]);
        var visited = new HashSet<long>();
        long offset = U32(tiff, 4);
        while (offset != 0 && frames.Count <= maxFrames)
        {
            if (!visited.Add(offset) || offset + 2 > tiff.Length)
            {
                return (frames, FormattableString.Invariant($"directory {frames.Count + 1} at byte {offset} {(visited.Contains(offset) && offset + 2 <= tiff.Length ? "repeats an earlier one" : "lies past the end")}"));
            }

            var count = U16(tiff, offset);
            if (offset + 2 + (12L * count) + 4 > tiff.Length)
            {
                return (frames, FormattableString.Invariant($"directory {frames.Count + 1} at byte {offset} runs past the end ({count} entries)"));
            }

            long? width = null, height = null, rowsPerStrip = null;
            for (var e = 0; e < count; e++)
            {
                var entry = offset + 2 + (12L * e);
                var (tag, type, n) = (U16(tiff, entry), U16(tiff, entry + 2), U32(tiff, entry + 4));
                long? value = n != 1 ? null : type == 3 ? U16(tiff, entry + 8) : type == 4 ? U32(tiff, entry + 8) : null;
                switch (tag)
                {
                    case 256:
                        width = value;
                        break;
                    case 257:
                        height = value;
                        break;
                    case 278:
                        rowsPerStrip = value;
                        break;
                }
            }

            if (width is not > 0 || height is not > 0)
            {
                return (frames, FormattableString.Invariant($"directory {frames.Count + 1} states no ImageWidth and ImageLength above 0"));
            }

            if (rowsPerStrip == 0)
            {
                return (frames, FormattableString.Invariant($"directory {frames.Count + 1} states RowsPerStrip 0"));
            }

            frames.Add((width.Value, height.Value));
            offset = U32(tiff, offset + 2 + (12L * count));
        }

        return (frames, null);
    }
}
