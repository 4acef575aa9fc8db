using System.Buffers.Binary;
using System.IO.Compression;

namespace Stroma.Cli.Tests.Corpus;

/// <summary>Decompression bombs made when run rather than committed: small files that declare (and hold) huge images.</summary>
internal static class ImageBombs
{
    /// <summary>A grey 8-bit PNG of <paramref name="side"/> × <paramref name="side"/> zeros, all of it present: about 390 KB for 20,000 px.</summary>
    public static byte[] ZeroPng(int side)
    {
        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[side + 1]; // filter byte 0, then the pixels
            for (var y = 0; y < side; y++)
            {
                zlib.Write(row);
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, side);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), side);
        header[8] = 8; // bit depth; colour type 0 (grey), compression, filter and interlace 0
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A real TIFF with its ImageWidth and ImageLength (tags 256, 257) rewritten: a few bytes changed, the strips as they were.</summary>
    public static byte[] WithDimensions(byte[] tiff, int width, int length)
    {
        var bytes = (byte[])tiff.Clone();
        var little = bytes[0] == (byte)'I';
        int Read32(int at) => little ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
        int Read16(int at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at));
        var ifd = Read32(4);
        for (var i = 0; i < Read16(ifd); i++)
        {
            var entry = ifd + 2 + (12 * i);
            var (tag, type) = (Read16(entry), Read16(entry + 2));
            if (tag is 256 or 257)
            {
                var value = tag == 256 ? width : length;
                if (type == 3)
                {
                    var span = bytes.AsSpan(entry + 8, 2);
                    if (little) { BinaryPrimitives.WriteUInt16LittleEndian(span, checked((ushort)value)); } else { BinaryPrimitives.WriteUInt16BigEndian(span, checked((ushort)value)); }
                }
                else
                {
                    var span = bytes.AsSpan(entry + 8, 4);
                    if (little) { BinaryPrimitives.WriteInt32LittleEndian(span, value); } else { BinaryPrimitives.WriteInt32BigEndian(span, value); }
                }
            }
        }

        return bytes;
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        png.Write(four);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(four, Crc32(typed));
        png.Write(four);
    }

    // The PNG chunk CRC (ISO 3309, reflected polynomial 0xEDB88320), bit by bit: a few hundred KB, once per run.
    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
