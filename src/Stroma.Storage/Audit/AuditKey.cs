using System.Security.Cryptography;
using System.Text;
using Stroma.Core.Diagnostics;

namespace Stroma.Storage.Audit;

/// <summary>
/// The site's secret for the audit trail, kept outside the database (a key file or an environment variable the operator keeps
/// elsewhere). From it, by HKDF-SHA-256 (RFC 5869), come separate keys for each use: the MAC every audit entry carries, the MAC
/// of an anchor, the keyed hash of a patient's identity, and the per-patient date shift of pseudonymised outputs. Someone who
/// can edit the database but does not hold the key cannot forge an entry, an anchor or an identity hash.
/// </summary>
public sealed class AuditKey
{
    /// <summary>The environment variable naming a key file.</summary>
    public const string FileVariable = "STROMA_AUDIT_KEY_FILE";

    /// <summary>The environment variable holding the key itself (base64, at least 32 bytes).</summary>
    public const string ValueVariable = "STROMA_AUDIT_KEY";

    private const int MinimumBytes = 32;
    private readonly byte[] _master;

    private AuditKey(byte[] master)
    {
        _master = master;
        EntryKey = Derive("stroma audit entry mac v1");
        AnchorKey = Derive("stroma audit anchor mac v1");
        IdentityKey = Derive("stroma identity content hash v1");
        PseudonymKey = Derive("stroma pseudonymised date shift v1");
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(Derive("stroma key id v1"), "key-id"u8))[..16];
    }

    /// <summary>A fingerprint naming the key (not revealing it): the trail records which key keyed it.</summary>
    public string Id { get; }

    internal byte[] EntryKey { get; }

    internal byte[] AnchorKey { get; }

    internal byte[] IdentityKey { get; }

    internal byte[] PseudonymKey { get; }

    /// <summary>A key from its bytes (at least 32).</summary>
    /// <exception cref="ArgumentException">Fewer than 32 bytes.</exception>
    public static AuditKey FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= MinimumBytes ? new AuditKey(bytes.ToArray()) : throw new ArgumentException($"An audit key has at least {MinimumBytes} bytes.", nameof(bytes));

    /// <summary>A new random key.</summary>
    public static AuditKey NewRandom() => new(RandomNumberGenerator.GetBytes(MinimumBytes));

    /// <summary>
    /// Reads a key file: the key in base64 on its first line (as <see cref="WriteNewFile"/> writes it). An unreadable or short key
    /// is an issue, never a guess.
    /// </summary>
    public static ReadResult<AuditKey> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return ReadResult.Failed<AuditKey>([Issue.Error(AuditIssues.KeyMissing, path, $"Expected an audit key file; '{path}' does not exist.")]);
        }

        var text = File.ReadAllText(path, Encoding.UTF8).Split('\n')[0].Trim();
        return Parse(text, path);
    }

    /// <summary>Parses a key given as base64 text.</summary>
    public static ReadResult<AuditKey> Parse(string base64, string location)
    {
        ArgumentNullException.ThrowIfNull(base64);
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written >= MinimumBytes
            ? ReadResult.Of(new AuditKey(buffer[..written]))
            : ReadResult.Failed<AuditKey>([Issue.Error(AuditIssues.KeyMalformed, location, $"Expected an audit key of at least {MinimumBytes} bytes in base64; found {base64.Length} characters that are not one.")]);
    }

    /// <summary>The key the environment names (<c>STROMA_AUDIT_KEY_FILE</c>, else <c>STROMA_AUDIT_KEY</c>), or null when it names none.</summary>
    public static ReadResult<AuditKey>? FromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } file)
        {
            return ReadFile(file);
        }

        return Environment.GetEnvironmentVariable(ValueVariable) is { Length: > 0 } value ? Parse(value, "$" + ValueVariable) : null;
    }

    /// <summary>Writes a new random key to a new file readable by its owner only, and returns it.</summary>
    /// <exception cref="IOException">The file exists or cannot be written.</exception>
    public static AuditKey WriteNewFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = RandomNumberGenerator.GetBytes(MinimumBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(Convert.ToBase64String(bytes));
            writer.Write('\n');
            writer.Write("# Stroma audit key: keep a copy elsewhere, never beside a copy of the database you hand out. Whoever holds it can sign audit entries.\n");
        }

        return new AuditKey(bytes);
    }

    /// <summary>The base64 text of the key (for an operator moving it into a secret store).</summary>
    public string ToBase64() => Convert.ToBase64String(_master);

    internal static string Mac(byte[] key, string text) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));

    // HKDF-Expand with the master as the pseudo-random key (it is already uniformly random), one label per use.
    private byte[] Derive(string label) => HKDF.Expand(HashAlgorithmName.SHA256, _master, 32, Encoding.UTF8.GetBytes(label));
}
