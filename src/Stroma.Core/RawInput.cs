using System.Security.Cryptography;

namespace Stroma.Core;

/// <summary>
/// A raw input as it arrived (a file, a form's typed content): its name, its bytes, and their SHA-256, computed once when it is read
/// and carried with it, so that whoever keeps it, names it in a manifest or finds it again uses the same digest.
/// </summary>
/// <param name="Name">The name it came under (a file name, without its folder).</param>
/// <param name="Bytes">Its bytes, unchanged.</param>
/// <param name="Sha256">SHA-256 of <paramref name="Bytes"/>, lower-case hex.</param>
public sealed record RawInput(string Name, byte[] Bytes, string Sha256)
{
    /// <summary>The input with its digest.</summary>
    public static RawInput Of(string name, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new(name, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
