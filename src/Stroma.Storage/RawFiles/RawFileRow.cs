namespace Stroma.Storage.RawFiles;

/// <summary>A raw input file (instrument file, image, imported CSV) kept byte for byte under its SHA-256.</summary>
public sealed class RawFileRow
{
    public required string Sha256 { get; set; }

    public required string FileName { get; set; }

    public required string MediaType { get; set; }

    public long Length { get; set; }

    public required byte[] Content { get; set; }

    public DateTimeOffset StoredAtUtc { get; set; }
}
