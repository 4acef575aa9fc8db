using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Stroma.Web.Accounts;

/// <summary>
/// Authenticator codes (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits) that are accepted once. A code is checked against the current
/// step and one step either side (a phone's clock a little off); the step it matches must be later than the last step accepted for the
/// account, which is then moved forward with one conditional update — so a code seen over someone's shoulder, or replayed, is refused
/// for the rest of its window (RFC 6238 §5.2), also when two instances on one database receive it at once (one update wins).
/// </summary>
public sealed class OneUseAuthenticatorCodes(AccountsContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<StromaUser>
{
    /// <summary>The name the provider is registered under.</summary>
    public const string Name = "StromaAuthenticator";

    /// <summary>The RFC 6238 time step.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StromaUser> manager, StromaUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));
    }

    // The app generates the codes; the server never sends one.
    public Task<string> GenerateAsync(string purpose, UserManager<StromaUser> manager, StromaUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<StromaUser> manager, StromaUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        if (token is not { Length: 6 } || !token.All(char.IsAsciiDigit) || await manager.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } key || Base32(key) is not { } secret)
        {
            return false;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds() / (long)Step.TotalSeconds;
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                // The step is taken only if no later (or equal) one was: one statement, so the database decides between concurrent uses
                // (SQLite's write lock; PostgreSQL's row lock on the conflicting key, the condition re-checked after it).
                var taken = await db.Database.ExecuteSqlInterpolatedAsync($"""
                    INSERT INTO accounts_totp_steps ("UserId", "Step") VALUES ({user.Id}, {step})
                    ON CONFLICT ("UserId") DO UPDATE SET "Step" = excluded."Step" WHERE accounts_totp_steps."Step" < excluded."Step"
                    """);
                return taken == 1;
            }
        }

        return false;
    }

    /// <summary>The 6-digit code of <paramref name="step"/> (RFC 4226 §5.3 dynamic truncation of HMAC-SHA-1 over the big-endian step).</summary>
    public static string Code(byte[] secret, long step)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // RFC 6238 authenticator codes are HMAC-SHA-1 by definition (what the apps compute)
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>An RFC 4648 base32 key (as authenticator keys are written, case and spaces ignored), or null when it is not one.</summary>
    public static byte[]? Base32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        var (buffer, bits) = (0, 0);
        foreach (var c in text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            (buffer, bits) = ((buffer << 5) | value, bits + 5);
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
