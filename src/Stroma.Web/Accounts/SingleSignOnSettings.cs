using Stroma.Core.Diagnostics;
using Stroma.Core.Text;

namespace Stroma.Web.Accounts;

/// <summary>Stable issue codes for the single sign-on settings.</summary>
public static class SingleSignOnIssues
{
    /// <summary>The authority is not an https address (or http on this machine's loopback).</summary>
    public const string BadAuthority = "SSO001";

    /// <summary>A setting single sign-on needs is missing (the client id, the secret).</summary>
    public const string Missing = "SSO002";

    /// <summary>The group-to-role mapping is not <c>GROUP=ROLE;…</c> with Stroma's roles.</summary>
    public const string BadMapping = "SSO003";

    /// <summary>A value is not one line, a claim name, true/false or an https address.</summary>
    public const string BadValue = "SSO004";
}

/// <summary>
/// Hospital single sign-on (OpenID Connect, authorisation code flow with PKCE). Everything but the client secret is a setting in the
/// database (<c>stroma setting set sso.…</c>): audited, the same for every instance, and on PostgreSQL changed only by the schema owner
/// (the application role cannot give itself a role mapping). The secret never enters the database or a command line: it is read from
/// the file named by <c>STROMA_SSO_CLIENT_SECRET_FILE</c> or from <c>STROMA_SSO_CLIENT_SECRET</c>.
/// </summary>
/// <param name="Authority">The identity provider's issuer (its discovery document is at <c>/.well-known/openid-configuration</c> under it).</param>
/// <param name="ClientId">Stroma's client id at the provider.</param>
/// <param name="ClientSecret">Stroma's client secret.</param>
/// <param name="DisplayName">The provider's name on the sign-in page ("Sign in with …").</param>
/// <param name="UserClaim">The claim that names the local account (<c>preferred_username</c>).</param>
/// <param name="RoleClaim">The claim that carries the groups or roles (<c>groups</c>, <c>roles</c>).</param>
/// <param name="RoleOf">Each group (claim value) mapped to the Stroma role it gives; a group not listed gives none.</param>
/// <param name="CreateAccounts">Whether a person with a mapped group but no account gets one (else they are refused until <c>stroma user add</c>).</param>
/// <param name="Only">Whether local passwords are off (sign-in by the provider only; API tokens still work).</param>
/// <param name="PublicUrl">The address people reach Stroma at behind the proxy (the redirect URI is it plus <c>/signin-oidc</c>), or null for the request's own.</param>
public sealed record SingleSignOnSettings(Uri Authority, string ClientId, string ClientSecret, string DisplayName, string UserClaim, string RoleClaim,
    IReadOnlyDictionary<string, string> RoleOf, bool CreateAccounts, bool Only, Uri? PublicUrl)
{
    public const string AuthorityKey = "sso.authority";
    public const string ClientIdKey = "sso.client-id";
    public const string DisplayNameKey = "sso.display-name";
    public const string UserClaimKey = "sso.user-claim";
    public const string RoleClaimKey = "sso.role-claim";
    public const string RolesKey = "sso.roles";
    public const string CreateAccountsKey = "sso.create-accounts";
    public const string OnlyKey = "sso.only";
    public const string PublicUrlKey = "sso.public-url";

    /// <summary>The environment variable naming the file that holds the client secret.</summary>
    public const string SecretFileVariable = "STROMA_SSO_CLIENT_SECRET_FILE";

    /// <summary>The environment variable holding the client secret (the file is preferred).</summary>
    public const string SecretVariable = "STROMA_SSO_CLIENT_SECRET";

    /// <summary>The authentication scheme (and the login provider name of linked identities).</summary>
    public const string Scheme = "oidc";

    /// <summary>Every setting, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Keys { get; } = [AuthorityKey, ClientIdKey, DisplayNameKey, UserClaimKey, RoleClaimKey, RolesKey, CreateAccountsKey, OnlyKey, PublicUrlKey];

    /// <summary>The Stroma roles <paramref name="groups"/> map to (none: the person is refused).</summary>
    public IReadOnlyList<string> RolesFor(IEnumerable<string> groups) =>
        [.. groups.Select(g => RoleOf.TryGetValue(g, out var role) ? role : null).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// Reads the settings: null (and no issue) when <see cref="AuthorityKey"/> is not set — single sign-on is off; otherwise the settings or
    /// every problem with them, each located at its setting (or the secret's environment variable).
    /// </summary>
    public static ReadResult<SingleSignOnSettings?> Read(Func<string, string?> setting, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrWhiteSpace(setting(AuthorityKey)))
        {
            return ReadResult.Of<SingleSignOnSettings?>(null);
        }

        var issues = Keys.Select(k => setting(k) is { } v ? CheckValue(k, v) : null).OfType<Issue>().ToList();
        if (string.IsNullOrWhiteSpace(setting(ClientIdKey)))
        {
            issues.Add(Issue.Error(SingleSignOnIssues.Missing, ClientIdKey, $"Expected the client id Stroma has at the identity provider (stroma setting set {ClientIdKey} ID); found none."));
        }

        if (string.IsNullOrWhiteSpace(setting(RolesKey)))
        {
            issues.Add(Issue.Error(SingleSignOnIssues.Missing, RolesKey, $"Expected the groups that give each Stroma role (stroma setting set {RolesKey} \"GROUP=ROLE;GROUP=ROLE\"); found none: no one could be given a role."));
        }

        var secret = ReadSecret(environment, issues);
        if (issues.Count > 0)
        {
            return ReadResult.Failed<SingleSignOnSettings?>(issues);
        }

        return ReadResult.Of<SingleSignOnSettings?>(new SingleSignOnSettings(new Uri(setting(AuthorityKey)!.TrimEnd('/')), setting(ClientIdKey)!.Trim(), secret!,
            setting(DisplayNameKey) ?? "single sign-on", setting(UserClaimKey) ?? "preferred_username", setting(RoleClaimKey) ?? "groups",
            ParseMapping(setting(RolesKey)!, out _), setting(CreateAccountsKey) == "true", setting(OnlyKey) == "true",
            setting(PublicUrlKey) is { Length: > 0 } p ? new Uri(p.TrimEnd('/')) : null));
    }

    /// <summary>The problem with one setting's value (what <c>stroma setting set</c> refuses), or null when it is acceptable.</summary>
    public static Issue? CheckValue(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (OneLine.Check(value, key, SingleSignOnIssues.BadValue, 2000) is { } notOneLine)
        {
            return notOneLine;
        }

        return key switch
        {
            AuthorityKey when value.Length == 0 => null, // single sign-on off
            AuthorityKey => IsAllowedAddress(value, allowLoopbackHttp: true) ? null : Issue.Error(SingleSignOnIssues.BadAuthority, key,
                $"Expected the identity provider's issuer as an https address (http only on this machine's loopback), such as https://login.example.org/realms/hospital; found {OneLine.Shown(value)}."),
            PublicUrlKey => IsAllowedAddress(value, allowLoopbackHttp: true) ? null : Issue.Error(SingleSignOnIssues.BadValue, key,
                $"Expected the https address people reach Stroma at, such as https://stroma.hospital.example; found {OneLine.Shown(value)}."),
            RolesKey => ParseMapping(value, out var problem).Count > 0 && problem is null ? null : Issue.Error(SingleSignOnIssues.BadMapping, key,
                $"Expected GROUP=ROLE pairs separated by ';', each role one of {string.Join(", ", Roles.All)}; {problem ?? "found none"}."),
            UserClaimKey or RoleClaimKey => System.Text.RegularExpressions.Regex.IsMatch(value, "^[A-Za-z0-9_.:/-]{1,100}$") ? null : Issue.Error(SingleSignOnIssues.BadValue, key,
                $"Expected a claim name (letters, digits, _ . : / -), such as groups or preferred_username; found {OneLine.Shown(value)}."),
            CreateAccountsKey or OnlyKey => value is "true" or "false" ? null : Issue.Error(SingleSignOnIssues.BadValue, key, $"Expected true or false; found {OneLine.Shown(value)}."),
            ClientIdKey or DisplayNameKey => string.IsNullOrWhiteSpace(value) || value.Length > 200 ? Issue.Error(SingleSignOnIssues.BadValue, key, $"Expected 1 to 200 characters; found {OneLine.Shown(value)}.") : null,
            _ => Issue.Error(SingleSignOnIssues.BadValue, key, $"Expected one of {string.Join(", ", Keys)}; found {OneLine.Shown(key)}."),
        };
    }

    private static bool IsAllowedAddress(string value, bool allowLoopbackHttp) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (allowLoopbackHttp && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private static Dictionary<string, string> ParseMapping(string text, out string? problem)
    {
        problem = null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.LastIndexOf('=');
            var (group, role) = at <= 0 ? (pair, string.Empty) : (pair[..at].Trim(), pair[(at + 1)..].Trim());
            if (!Roles.All.Contains(role))
            {
                problem ??= $"found {OneLine.Shown(pair)}, whose role is not Stroma's";
            }
            else if (!map.TryAdd(group, role) && map[group] != role)
            {
                problem ??= $"found the group {OneLine.Shown(group)} mapped to two roles";
            }
        }

        return map;
    }

    private static string? ReadSecret(Func<string, string?> environment, List<Issue> issues)
    {
        if (environment(SecretFileVariable) is { Length: > 0 } file)
        {
            if (!File.Exists(file))
            {
                issues.Add(Issue.Error(SingleSignOnIssues.Missing, SecretFileVariable, $"Expected the file holding the client secret; found no file {OneLine.Shown(file)}."));
                return null;
            }

            var text = File.ReadAllText(file).Trim();
            if (text.Length == 0)
            {
                issues.Add(Issue.Error(SingleSignOnIssues.Missing, SecretFileVariable, $"Expected the client secret in {OneLine.Shown(file)}; found an empty file."));
            }

            return text;
        }

        if (environment(SecretVariable) is { Length: > 0 } secret)
        {
            return secret.Trim();
        }

        issues.Add(Issue.Error(SingleSignOnIssues.Missing, SecretFileVariable,
            $"Expected the client secret from a file named by {SecretFileVariable} (or in {SecretVariable}); found neither set. It is never kept in the database."));
        return null;
    }
}
