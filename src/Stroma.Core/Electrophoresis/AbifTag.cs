using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace Stroma.Core.Electrophoresis;

/// <summary>ABIF element types (ABIF File Format Specification, 2009).</summary>
public static class AbifElementType
{
    /// <summary>Unsigned byte.</summary>
    public const short Byte = 1;

    /// <summary>8-bit character.</summary>
    public const short Character = 2;

    /// <summary>Unsigned 16-bit integer.</summary>
    public const short Word = 3;

    /// <summary>Signed 16-bit integer.</summary>
    public const short ShortInteger = 4;

    /// <summary>Signed 32-bit integer.</summary>
    public const short LongInteger = 5;

    /// <summary>32-bit float.</summary>
    public const short SingleFloat = 7;

    /// <summary>64-bit float.</summary>
    public const short DoubleFloat = 8;

    /// <summary>Date: int16 year, byte month, byte day.</summary>
    public const short Date = 10;

    /// <summary>Time: bytes hour, minute, second, hundredths.</summary>
    public const short Time = 11;

    /// <summary>Thumbprint (10 bytes).</summary>
    public const short Thumb = 12;

    /// <summary>Boolean byte.</summary>
    public const short Bool = 13;

    /// <summary>Pascal string: a length byte then characters.</summary>
    public const short PString = 18;

    /// <summary>NUL-terminated string.</summary>
    public const short CString = 19;

    /// <summary>First user-defined type (opaque).</summary>
    public const short User = 1024;

    /// <summary>The element size each fixed type must have, or 0 when any size is allowed.</summary>
    public static int SizeOf(short type) => type switch
    {
        Byte or Character or Bool or PString or CString => 1,
        Word or ShortInteger => 2,
        LongInteger or SingleFloat or Date or Time => 4,
        DoubleFloat => 8,
        Thumb => 10,
        _ => 0,
    };

    /// <summary>Whether the type is one the specification documents for current files (1–19 or user ≥ 1024).</summary>
    public static bool IsKnown(short type) => type is Byte or Character or Word or ShortInteger or LongInteger or SingleFloat or DoubleFloat or Date or Time or Thumb or Bool or PString or CString || type >= User;
}

/// <summary>
/// One ABIF directory entry with its data bytes kept exactly as stored (unknown and user types included), so nothing is lost and
/// the file can be written back. Typed accessors decode big-endian values on demand.
/// </summary>
/// <param name="Name">Four-character tag name (for example <c>DATA</c>).</param>
/// <param name="Number">Tag number (for example 105).</param>
/// <param name="ElementType">Element type code.</param>
/// <param name="ElementSize">Bytes per element.</param>
/// <param name="Count">Number of elements.</param>
/// <param name="Data">The data bytes.</param>
/// <param name="EntryOffset">Byte offset of the directory entry in the file it was read from (−1 for tags made in memory).</param>
public sealed record AbifTag(string Name, int Number, short ElementType, short ElementSize, int Count, ImmutableArray<byte> Data, long EntryOffset = -1)
{
    /// <summary>The key, for example <c>DATA105</c>.</summary>
    public string Key => Name + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Signed 16-bit values (types short and word read as signed).</summary>
    public ImmutableArray<short> AsInt16s()
    {
        var span = Data.AsSpan();
        var values = new short[span.Length / 2];
        // Big-endian on disk: the whole trace swapped at once (vectorised), as reading each value big-endian would give.
        BigEndian(MemoryMarshal.Cast<byte, short>(span[..(2 * values.Length)]), values);
        return ImmutableCollectionsMarshal.AsImmutableArray(values);
    }

    /// <summary>Signed 32-bit values.</summary>
    public ImmutableArray<int> AsInt32s()
    {
        var span = Data.AsSpan();
        var values = new int[span.Length / 4];
        BigEndian(MemoryMarshal.Cast<byte, int>(span[..(4 * values.Length)]), values);
        return ImmutableCollectionsMarshal.AsImmutableArray(values);
    }

    /// <summary>32-bit floats.</summary>
    public ImmutableArray<float> AsSingles()
    {
        var span = Data.AsSpan();
        var values = new float[span.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleBigEndian(span[(4 * i)..]);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(values);
    }

    /// <summary>64-bit floats.</summary>
    public ImmutableArray<double> AsDoubles()
    {
        var span = Data.AsSpan();
        var values = new double[span.Length / 8];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleBigEndian(span[(8 * i)..]);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(values);
    }

    /// <summary>Text of a char array, pString or cString (Latin-1), or null for other types.</summary>
    public string? AsText()
    {
        var span = Data.AsSpan();
        return ElementType switch
        {
            AbifElementType.PString when span.Length > 0 => Encoding.Latin1.GetString(span.Slice(1, Math.Min(span[0], span.Length - 1))),
            AbifElementType.PString => string.Empty,
            AbifElementType.CString => Encoding.Latin1.GetString(span.IndexOf((byte)0) is var end and >= 0 ? span[..end] : span),
            AbifElementType.Character => Encoding.Latin1.GetString(span).TrimEnd('\0'),
            _ => null,
        };
    }

    /// <summary>The first date of a date tag, or null.</summary>
    public DateOnly? AsDate()
    {
        var span = Data.AsSpan();
        if (ElementType != AbifElementType.Date || span.Length < 4)
        {
            return null;
        }

        var (year, month, day) = (BinaryPrimitives.ReadInt16BigEndian(span), span[2], span[3]);
        return year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
    }

    /// <summary>The first time of a time tag, or null.</summary>
    public TimeOnly? AsTime()
    {
        var span = Data.AsSpan();
        return ElementType == AbifElementType.Time && span.Length >= 4 && span[0] < 24 && span[1] < 60 && span[2] < 60 && span[3] < 100
            ? new TimeOnly(span[0], span[1], span[2], span[3] * 10)
            : null;
    }

    private static void BigEndian(ReadOnlySpan<short> source, Span<short> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, values);
        }
        else
        {
            source.CopyTo(values);
        }
    }

    private static void BigEndian(ReadOnlySpan<int> source, Span<int> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, values);
        }
        else
        {
            source.CopyTo(values);
        }
    }
}
