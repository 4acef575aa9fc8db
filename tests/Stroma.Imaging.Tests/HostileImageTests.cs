using System.Buffers.Binary;
using System.IO.Compression;
using Stroma.Core.Diagnostics;

namespace Stroma.Imaging.Tests;

// Issue 11's image bombs and malformed files, built here: small files that declare huge images, too many frames, or a TIFF directory
// the decoder trips on. Each is refused with its code before anything is decoded (the managed allocation of the read stays under a
// few megabytes, where decoding would take hundreds); no file, however mutated, makes the reader throw.
public sealed class HostileImageTests
{
    private const long FewMegabytes = 8_000_000;

    private static (ReadResult<System.Collections.Immutable.ImmutableArray<Core.Proteome.PixelBuffer>> Result, long Allocated) Read(byte[] bytes, string name)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = ImageReader.Read(bytes, name);
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // A minimal PNG (8-bit grey) declaring width × height, with one small IDAT: the 389 KB bomb of issue 11 in a few hundred bytes.
    internal static byte[] Png(int width, int height)
    {
        using var data = new MemoryStream();
        using (var z = new ZLibStream(data, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(new byte[64 * 1024]);
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        (ihdr[8], ihdr[9]) = (8, 0);
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", data.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(head, 4);
        png.Write(head);
        png.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. head.AsSpan(4), .. data]));
        png.Write(crc);
    }

    // The PNG chunk CRC (ISO 3309 / ITU-T V.42, polynomial 0xEDB88320), bit by bit.
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    // A minimal little-endian TIFF: one 8-bit grey strip per frame (the same 64 bytes for all), each directory declaring its own size
    // and RowsPerStrip.
    internal static byte[] Tiff(int frames, int width, int height, int rowsPerStrip)
    {
        const int entries = 9;
        var directory = 2 + (12 * entries) + 4;
        var data = 8 + (frames * directory);
        var tiff = new byte[data + 64];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        for (var f = 0; f < frames; f++)
        {
            var at = 8 + (f * directory);
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at), entries);
            (ushort Tag, ushort Type, uint Value)[] fields =
                [(256, 4, (uint)width), (257, 4, (uint)height), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, (uint)data), (277, 3, 1), (278, 4, (uint)rowsPerStrip), (279, 4, 64)];
            for (var e = 0; e < entries; e++)
            {
                var entry = at + 2 + (12 * e);
                BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(entry), fields[e].Tag);
                BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(entry + 2), fields[e].Type);
                BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(entry + 4), 1);
                if (fields[e].Type == 3)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(entry + 8), (ushort)fields[e].Value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(entry + 8), fields[e].Value);
                }
            }

            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 2 + (12 * entries)), f == frames - 1 ? 0u : (uint)(at + directory));
        }

        return tiff;
    }

    [Theory]
    [InlineData("png", 20_000, 20_000, 1)]
    [InlineData("png", 8_000, 7_000, 1)]
    [InlineData("tif", 20_000, 20_000, 1)]
    [InlineData("tif", 5_000, 4_000, 3)]
    [InlineData("tif", 8, 8, 150)]
    public void Read_DeclaresTooManyPixelsOrFrames_IsImg005BeforeDecoding(string kind, int width, int height, int frames)
    {
        var bytes = kind == "png" ? Png(width, height) : Tiff(frames, width, height, height);

        var (result, allocated) = Read(bytes, $"bomb.{kind}");

        Assert.True(bytes.Length < 200_000);
        Assert.Equal((ImageIssues.TooLarge, "bomb." + kind), (Assert.Single(result.Issues).Code, result.Issues[0].Location));
        Assert.True(allocated < FewMegabytes, $"{allocated:N0} bytes allocated");
    }

    // Inside the budget the same small files read (the strip's missing rows are the decoder's business: an error or zeros, never a throw).
    [Fact]
    public void Read_SmallDeclaredSize_IsDecoded()
    {
        var result = ImageReader.Read(Tiff(2, 8, 8, 8), "two.tif");

        Assert.Equal(2, result.ValueOrThrow().Length);
    }

    [Fact]
    public void Read_TiffRowsPerStripZero_IsImg006NotAnException()
    {
        var (result, _) = Read(Tiff(1, 16, 16, 0), "zero.tif");

        Assert.Equal((ImageIssues.BadTiffDirectory, "zero.tif"), (Assert.Single(result.Issues).Code, result.Issues[0].Location));
    }

    [Fact]
    public void Read_TiffDirectoryLoop_IsImg006()
    {
        var bytes = Tiff(2, 8, 8, 8);
        // The second directory points back to the first.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8 + (2 * (2 + (12 * 9) + 4)) - 4), 8);

        Assert.Equal(ImageIssues.BadTiffDirectory, Assert.Single(ImageReader.Read(bytes, "loop.tif").Issues).Code);
    }

    // Mutations of the shared membranes (bytes overwritten at random, cut short): every read gives a value or coded errors, never an
    // exception, within the budget's allocation.
    [Theory]
    [InlineData("promad_ARY022B_prepared_00010.tif")]
    [InlineData("promad_ARY028_array_test.tif")]
    [InlineData("dotblot_ARY017_example.tif")]
    public void Read_MutatedRealImages_NeverThrow(string name)
    {
        var original = SharedData.Bytes($"proteome/images/{name}");
        var random = new Random(name.Length);
        for (var trial = 0; trial < 60; trial++)
        {
            var bytes = original.ToArray();
            var changes = 1 + random.Next(8);
            // Most mutations hit the header and directories, where a few bytes change what the decoder is asked to do.
            for (var c = 0; c < changes; c++)
            {
                bytes[random.Next(trial % 2 == 0 ? Math.Min(bytes.Length, 512) : bytes.Length)] = (byte)random.Next(256);
            }

            if (trial % 5 == 4)
            {
                bytes = bytes[..random.Next(8, bytes.Length)];
            }

            var (result, allocated) = Read(bytes, "mutant.tif");

            Assert.True(result.HasErrors ? result.Issues.All(i => i.Code.StartsWith("IMG", StringComparison.Ordinal)) : !result.Value.IsDefaultOrEmpty, $"trial {trial}");
            Assert.True(allocated < 8 * ImageReader.MaxPixels, $"trial {trial}: {allocated:N0} bytes");
        }
    }
}
