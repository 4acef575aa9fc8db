using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Stroma.Web.Tests.Accounts;

/// <summary>What is wrong with the id_token the provider issues next (a forged, misdirected or stale answer).</summary>
public enum TokenFault
{
    None,
    WrongSignature,
    WrongAudience,
    Expired,
}

/// <summary>The person the provider signs in next: their subject, user name, groups, and the fault of their id_token.</summary>
public sealed record TestPerson(string Subject, string? UserName, IReadOnlyList<string> Groups, TokenFault Fault = TokenFault.None, string? Name = null);

/// <summary>
/// A small OpenID Connect provider on loopback for the tests (no network): the discovery document, the JWKS with a test RSA key, an
/// authorisation endpoint that signs in <see cref="Next"/> without asking (answering by form post or query, as asked) and a token
/// endpoint that checks the client's secret, the code's redirect URI and its PKCE verifier, then issues a signed id_token. OpenIddict
/// (in the package list) would be a real provider but cannot be made to issue the forged, misdirected and expired tokens the tests need.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "stroma-test";
    public const string ClientSecret = "test-client-secret-0123456789";
    private const string KeyId = "test-key-1";
    private static readonly string[] Code = ["code"], Public = ["public"], Rs256 = ["RS256"], S256 = ["S256"], ClientAuthentication = ["client_secret_post", "client_secret_basic"];

    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _rogue = RSA.Create(2048); // not published: a token it signs is a forgery
    private readonly ConcurrentDictionary<string, (TestPerson Person, string ClientId, string RedirectUri, string? Nonce, string? Challenge)> _codes = new();
    private WebApplication _app = null!;

    /// <summary>The issuer (the app's authority).</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>Who signs in next.</summary>
    public TestPerson Next { get; set; } = new("subject-1", "ana", ["stroma-clinicians"]);

    /// <summary>Token requests refused (a wrong secret, code, redirect URI or verifier).</summary>
    public int Refused { get; private set; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        provider._app = builder.Build();
        provider.Map(provider._app);
        await provider._app.StartAsync();
        provider.Issuer = provider._app.Urls.Single().TrimEnd('/');
        return provider;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer, ["authorization_endpoint"] = $"{Issuer}/authorize", ["token_endpoint"] = $"{Issuer}/token", ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = Code, ["subject_types_supported"] = Public, ["id_token_signing_alg_values_supported"] = Rs256,
            ["code_challenge_methods_supported"] = S256, ["token_endpoint_auth_methods_supported"] = ClientAuthentication,
        }));
        app.MapGet("/jwks", () =>
        {
            var p = _key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
        });
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (Next, q["client_id"].ToString(), q["redirect_uri"].ToString(), q["nonce"].ToString(), q["code_challenge"].ToString());
            var (redirect, state) = (q["redirect_uri"].ToString(), q["state"].ToString());
            if (q["response_mode"] == "form_post")
            {
                return Results.Content($"""
                    <html><body onload="document.forms[0].submit()"><form method="post" action="{WebUtility.HtmlEncode(redirect)}">
                    <input type="hidden" name="code" value="{code}"/><input type="hidden" name="state" value="{WebUtility.HtmlEncode(state)}"/></form></body></html>
                    """, "text/html");
            }

            return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(state)}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var (clientId, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
            if (request.Headers.Authorization.ToString() is { Length: > 6 } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
                (clientId, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
            }

            if (!_codes.TryRemove(form["code"].ToString(), out var issued) || clientId != ClientId || secret != ClientSecret || issued.ClientId != ClientId
                || form["redirect_uri"] != issued.RedirectUri || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != issued.Challenge)
            {
                Refused++;
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            return Results.Json(new { access_token = "opaque-" + Guid.NewGuid().ToString("N"), token_type = "Bearer", expires_in = 300, id_token = IdToken(issued.Person, issued.Nonce) });
        });
    }

    private string IdToken(TestPerson person, string? nonce)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = person.Subject, ["groups"] = person.Groups.ToArray() };
        if (nonce is { Length: > 0 })
        {
            claims["nonce"] = nonce;
        }

        if (person.UserName is { } user)
        {
            claims["preferred_username"] = user;
        }

        if (person.Name is { } name)
        {
            claims["name"] = name;
        }

        var signer = person.Fault == TokenFault.WrongSignature ? _rogue : _key;
        var expired = person.Fault == TokenFault.Expired;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = person.Fault == TokenFault.WrongAudience ? "some-other-client" : ClientId,
            Claims = claims,
            IssuedAt = expired ? now.AddHours(-2) : now,
            NotBefore = expired ? now.AddHours(-2) : now.AddSeconds(-5),
            Expires = expired ? now.AddHours(-1) : now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signer) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
        _rogue.Dispose();
    }
}
