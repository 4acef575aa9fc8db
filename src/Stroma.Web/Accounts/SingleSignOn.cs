using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Stroma.Core.Text;
using Stroma.Storage;
using Stroma.Storage.Accounts;

namespace Stroma.Web.Accounts;

/// <summary>Whether single sign-on is configured, and how (registered whether or not it is, so that pages can ask).</summary>
/// <param name="Settings">The settings, or null when single sign-on is off.</param>
public sealed record SingleSignOnState(SingleSignOnSettings? Settings);

/// <summary>How a single sign-on ended.</summary>
public enum SingleSignOnOutcome
{
    /// <summary>Signed in.</summary>
    SignedIn,

    /// <summary>The provider's answer could not be verified (signature, audience, lifetime, nonce, state) or was refused.</summary>
    Failed,

    /// <summary>None of the person's groups is mapped to a Stroma role.</summary>
    NoRole,

    /// <summary>No local account has the person's user name, and accounts are not created.</summary>
    NoAccount,

    /// <summary>The local account is disabled or locked.</summary>
    Disabled,

    /// <summary>The local account of that user name is linked to another identity at the provider (a user name given to someone else).</summary>
    Conflict,
}

/// <summary>
/// Hospital single sign-on: the OpenID Connect handler (code flow with PKCE, signed id_token checked against the provider's keys, its
/// audience, lifetime and nonce) signs into Identity's external cookie; <see cref="CompleteAsync"/> then maps the person's groups to
/// Stroma's roles (explicitly: no mapped group, no sign-in), links the provider's identity to the local account of the same user name
/// (or creates one, when configured), brings the account's roles in line with the groups, and signs in with the local account — so
/// that tokens, disabling and the audit trail work as for a password sign-in. Each link, creation and role change is an event in the trail.
/// </summary>
public static class SingleSignOn
{
    /// <summary>Where the provider sends the browser back to.</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>Adds the OpenID Connect handler for <paramref name="settings"/>.</summary>
    public static AuthenticationBuilder AddSingleSignOn(this AuthenticationBuilder builder, SingleSignOnSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        return builder.AddOpenIdConnect(SingleSignOnSettings.Scheme, settings.DisplayName, o =>
        {
            o.Authority = settings.Authority.ToString().TrimEnd('/');
            o.RequireHttpsMetadata = settings.Authority.Scheme == Uri.UriSchemeHttps;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.ResponseType = "code";
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.SignInScheme = IdentityConstants.ExternalScheme;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.MapInboundClaims = false; // claims keep the provider's names (groups, preferred_username), as the settings name them
            o.TokenValidationParameters.NameClaimType = settings.UserClaim;
            o.TokenValidationParameters.RoleClaimType = settings.RoleClaim;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Events.OnRedirectToIdentityProvider = c =>
            {
                if (settings.PublicUrl is { } site)
                {
                    c.ProtocolMessage.RedirectUri = site.ToString().TrimEnd('/') + CallbackPath; // behind the proxy, the address the provider knows
                }

                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = c =>
            {
                // A forged, expired or misdirected answer: no sign-in, a message on the sign-in page (never the handler's exception).
                c.Response.Redirect(LoginPathFor(SingleSignOnOutcome.Failed));
                c.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>The sign-in page's address with the outcome's message.</summary>
    public static string LoginPathFor(SingleSignOnOutcome outcome) => $"{Hosting.StromaWebApp.LoginPath}?sso={outcome.ToString().ToLowerInvariant()}";

    /// <summary>The sign-in page's message for an outcome given by its query value, or null.</summary>
    public static string? MessageFor(string? outcome, string provider) => outcome switch
    {
        "failed" => $"The sign-in with {provider} did not succeed: its answer could not be verified. Try again; if it happens again, tell the administrator.",
        "norole" => $"{provider} signed you in, but none of your groups gives a role in Stroma: ask the administrator for access.",
        "noaccount" => $"{provider} signed you in, but there is no Stroma account for you: ask the administrator for one.",
        "disabled" => "Your Stroma account is disabled or locked: ask the administrator.",
        "conflict" => $"The Stroma account of your user name belongs to another person at {provider}: ask the administrator.",
        _ => null,
    };

    /// <summary>
    /// Completes a sign-in the provider's handler has verified: maps, links or creates, records, signs in with the local account, and
    /// returns the outcome. The external cookie is removed whatever happens.
    /// </summary>
    public static async Task<SingleSignOnOutcome> CompleteAsync(HttpContext http, SingleSignOnSettings settings, StromaStore store)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await http.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Principal.FindFirst("sub") is not { Value.Length: > 0 } subject)
        {
            return SingleSignOnOutcome.Failed;
        }

        var person = external.Principal;
        var roles = settings.RolesFor(person.FindAll(settings.RoleClaim).Select(c => c.Value));
        var userName = person.FindFirst(settings.UserClaim)?.Value;
        if (roles.Count == 0)
        {
            return SingleSignOnOutcome.NoRole; // explicit mapping: a person whose groups give no role gets none, never a default
        }

        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var (outcome, accountId) = await AccountChanges.RunManyAsync(store.WithActor($"{userName ?? subject.Value} (single sign-on)"), http.RequestServices,
            s => LinkAsync(s, settings, subject, userName, person.FindFirst("name")?.Value, roles, clock.GetUtcNow()), http.RequestAborted);
        if (outcome != SingleSignOnOutcome.SignedIn)
        {
            return outcome;
        }

        var users = http.RequestServices.GetRequiredService<UserManager<StromaUser>>();
        await http.RequestServices.GetRequiredService<SignInManager<StromaUser>>().SignInAsync((await users.FindByIdAsync(accountId!))!, isPersistent: false, SingleSignOnSettings.Scheme);
        return SingleSignOnOutcome.SignedIn;
    }

    private static async Task<((SingleSignOnOutcome, string?), IReadOnlyList<AccountEvent>)> LinkAsync(IServiceProvider s, SingleSignOnSettings settings, Claim subject,
        string? userName, string? fullName, IReadOnlyList<string> roles, DateTimeOffset now)
    {
        var users = s.GetRequiredService<UserManager<StromaUser>>();
        var events = new List<AccountEvent>();
        var account = await users.FindByLoginAsync(SingleSignOnSettings.Scheme, subject.Value);
        if (account is null)
        {
            account = userName is null ? null : await users.FindByNameAsync(userName);
            var created = false;
            if (account is null)
            {
                if (!settings.CreateAccounts || userName is null || !System.Text.RegularExpressions.Regex.IsMatch(userName, "^[A-Za-z0-9._@-]{1,64}$"))
                {
                    return ((SingleSignOnOutcome.NoAccount, null), []);
                }

                account = new StromaUser { UserName = userName, FullName = OneLine.Check(fullName, "name", AccountIssues.BadName, AccountAdmin.MaxFullName) is null ? fullName : null };
                if (!(await users.CreateAsync(account)).Succeeded)
                {
                    return ((SingleSignOnOutcome.NoAccount, null), []);
                }

                created = true;
                events.Add(new AccountEvent(userName, AccountEventNames.UserAdded, $"by single sign-on, role {string.Join(", ", roles)}"));
            }
            else if ((await users.GetLoginsAsync(account)).Any(l => l.LoginProvider == SingleSignOnSettings.Scheme))
            {
                // The account answers to another subject: a user name reused at the provider must not inherit the account.
                return ((SingleSignOnOutcome.Conflict, null), []);
            }

            await users.AddLoginAsync(account, new UserLoginInfo(SingleSignOnSettings.Scheme, subject.Value, settings.DisplayName));
            events.Add(new AccountEvent(account.UserName!, AccountEventNames.SsoLinked, $"{subject.Issuer} subject {subject.Value}{(created ? " (account created)" : "")}"));
        }

        // A disabled or locked account stays out, whoever vouches for the person; nothing is linked or changed.
        if (account.LockoutEnd is { } end && end > now)
        {
            return ((SingleSignOnOutcome.Disabled, null), []);
        }

        if (!(await users.GetRolesAsync(account)).Order(StringComparer.Ordinal).SequenceEqual(roles))
        {
            var change = await AccountAdmin.ReplaceRolesAsync(s, account, roles);
            if (!events.Any(e => e.Event == AccountEventNames.UserAdded))
            {
                events.Add(new AccountEvent(account.UserName!, AccountEventNames.RoleChanged, $"{change} (groups at {settings.DisplayName})"));
            }
        }

        // An unchanged account writes nothing: the events list is empty and the (empty) transaction is rolled back.
        return ((SingleSignOnOutcome.SignedIn, account.Id), events);
    }
}
