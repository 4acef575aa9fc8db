namespace Stroma.Storage.RawFiles;

/// <summary>A raw input file (instrument file, image, imported CSV) kept byte for byte under its SHA-256.</summary>
public sealed class RawFileRow
{
    /// <summary>The key of a content: its SHA-256, lower-case hex.</summary>
    public static string HashOf(byte[] content) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    public required string Sha256 { get; set; }

    public required string FileName { get; set; }

    public required string MediaType { get; set; }

    public long Length { get; set; }

    public required byte[] Content { get; set; }

    public DateTimeOffset StoredAtUtc { get; set; }
}
