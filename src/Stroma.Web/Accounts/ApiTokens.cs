using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Stroma.Web.Accounts;

/// <summary>A token just made: shown once; only its hash is kept.</summary>
/// <param name="Token">The token (<c>stroma_</c> and 43 base64url characters: 256 random bits).</param>
/// <param name="User">The account it acts for.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record NewApiToken(string Token, string User, DateTimeOffset ExpiresAt);

/// <summary>Personal API tokens, like REDCap's: made for an account, kept hashed, expiring, revocable.</summary>
public static class ApiTokens
{
    /// <summary>The prefix every token starts with (so a leaked one is recognisable).</summary>
    public const string Prefix = "stroma_";

    /// <summary>The longest a token may live.</summary>
    public static TimeSpan MaxLifetime { get; } = TimeSpan.FromDays(366);

    /// <summary>The SHA-256 of a token, lower-case hex.</summary>
    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Makes a token for <paramref name="user"/> valid for <paramref name="lifetime"/>.</summary>
    public static async Task<NewApiToken> CreateAsync(AccountsContext db, StromaUser user, TimeSpan lifetime, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"A token lives more than zero and at most {MaxLifetime.TotalDays} days.");
        }

        var token = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var expires = now + lifetime;
        db.ApiTokens.Add(new ApiTokenRow { UserId = user.Id, TokenHash = HashOf(token), Prefix = token[..(Prefix.Length + 6)], CreatedAtUtc = now, ExpiresAtUtc = expires });
        await db.SaveChangesAsync(ct);
        return new NewApiToken(token, user.UserName!, expires);
    }

    /// <summary>Revokes every live token of <paramref name="user"/> whose prefix starts with <paramref name="prefix"/> (all when null); returns the prefixes of those revoked.</summary>
    public static async Task<IReadOnlyList<string>> RevokeAsync(AccountsContext db, StromaUser user, string? prefix, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var live = await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAtUtc == null).ToListAsync(ct);
        // A prefix names a token by its first characters: at least stroma_ and four more, so that "s" does not revoke them all.
        var chosen = prefix is { Length: < 11 } ? [] : live.Where(t => prefix is null || t.Prefix.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(t.Prefix, StringComparison.Ordinal)).ToList();
        foreach (var t in chosen)
        {
            t.RevokedAtUtc = now;
        }

        await db.SaveChangesAsync(ct);
        return [.. chosen.Select(t => t.Prefix)];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// Authenticates <c>Authorization: Bearer stroma_…</c>: the token's hash must be stored, unrevoked and unexpired, and its account not
/// locked out; the principal carries the account's roles, as a cookie sign-in would.
/// </summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccountsContext db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "Bearer";

    // Every request of a script carries its token: the token, its account and the account's roles in two queries, checked on every
    // request (a revoked token or a locked account stops at once, on every instance), nothing cached.
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = ApiTokens.HashOf(header["Bearer ".Length..].Trim());
        var ct = Context.RequestAborted;
        var hit = await db.ApiTokens.AsNoTracking().Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.RevokedAtUtc, t.ExpiresAtUtc, u.Id, u.UserName, u.LockoutEnd })
            .SingleOrDefaultAsync(ct);
        var now = clock.GetUtcNow();
        if (hit is null || hit.RevokedAtUtc is not null || hit.ExpiresAtUtc <= now)
        {
            return AuthenticateResult.Fail(hit is null ? "unknown token" : hit.RevokedAtUtc is not null ? "revoked token" : "expired token");
        }

        if (hit.LockoutEnd is { } end && end > now)
        {
            return AuthenticateResult.Fail("account locked");
        }

        var roles = await db.UserRoles.AsNoTracking().Where(r => r.UserId == hit.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(ct);
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, hit.Id));
        identity.AddClaim(new Claim(ClaimTypes.Name, hit.UserName!));
        foreach (var role in roles.OfType<string>())
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
