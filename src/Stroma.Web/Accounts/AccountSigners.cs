using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Stroma.Application.Signatures;
using Stroma.Core.Diagnostics;
using Stroma.Core.Signatures;
using Stroma.Core.Text;
using Stroma.Storage;
using Stroma.Web.Hosting;

namespace Stroma.Web.Accounts;

/// <summary>
/// Re-authenticates a signer against the web app's accounts on every signing (21 CFR 11.200(a)(1)): the password, and the
/// authenticator code when the account has a second factor (each code used once). A failed password counts towards the account's
/// lockout as a failed sign-in does. An account made by single sign-on has no local password and cannot sign until the administrator
/// gives it one (<c>stroma user password</c>): the identity provider's session is not a signature.
/// </summary>
public sealed class AccountSigners(UserManager<StromaUser> users, TimeProvider clock) : ISignerAuthenticator
{
    public async Task<ReadResult<Signer>> AuthenticateAsync(SigningCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var wrong = Issue.Error(SignatureIssues.NotAuthenticated, "password",
            $"Expected the user name and password of an enabled account; they do not match one (a wrong password counts towards the account's lockout). Nothing was signed.");
        if (await users.FindByNameAsync(credentials.UserName) is not { } account)
        {
            return ReadResult.Failed<Signer>([wrong]);
        }

        if (account.LockoutEnd is { } end && end > clock.GetUtcNow())
        {
            return ReadResult.Failed<Signer>([Issue.Error(SignatureIssues.NotAuthenticated, "user",
                $"Expected an enabled account; {OneLine.Shown(credentials.UserName)} is disabled or locked after failed attempts. Nothing was signed.")]);
        }

        if (!await users.HasPasswordAsync(account))
        {
            return ReadResult.Failed<Signer>([Issue.Error(SignatureIssues.NoLocalPassword, "password",
                $"Expected an account with a local password; {OneLine.Shown(credentials.UserName)} signs in by single sign-on only, and a signature needs the password typed again. Ask the administrator for a local password (stroma user password --user {credentials.UserName}). Nothing was signed.")]);
        }

        if (!await users.CheckPasswordAsync(account, credentials.Password))
        {
            await users.AccessFailedAsync(account);
            return ReadResult.Failed<Signer>([wrong]);
        }

        if (await users.GetTwoFactorEnabledAsync(account))
        {
            var code = new string((credentials.SecondFactorCode ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
            if (code.Length == 0 || !await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                return ReadResult.Failed<Signer>([Issue.Error(SignatureIssues.SecondFactor, "code",
                    $"Expected the authenticator's current 6-digit code ({OneLine.Shown(credentials.UserName)} has a second factor); found {(code.Length == 0 ? "none" : "a code that is wrong or already used")}. Nothing was signed.")]);
            }
        }

        await users.ResetAccessFailedCountAsync(account);
        return ReadResult.Of(new Signer(account.UserName!, account.FullName ?? string.Empty, [.. await users.GetRolesAsync(account)]));
    }

    /// <summary>
    /// This authenticator, with every failed attempt to sign (a wrong password, a wrong or reused authenticator code, a locked or
    /// disabled account, an account without a local password) recorded as a <c>signing-failed</c> event of the account named, in the
    /// keyed audit trail of <paramref name="store"/> (as its actor), as the account's other events are.
    /// </summary>
    public ISignerAuthenticator RecordingFailuresIn(StromaStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new FailureTrail(this, store);
    }

    /// <summary>The accounts of <paramref name="store"/>'s database, for the command line (which has no web host): dispose it after signing.</summary>
    public static async Task<OpenedSigners> OpenAsync(StromaStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        await StromaWebApp.MigrateAccountsAsync(store.Location, ct);
        var services = StromaWebApp.AddAccounts(new ServiceCollection(), store.Location).BuildServiceProvider();
        var scope = services.CreateAsyncScope();
        return new OpenedSigners(services, scope, new AccountSigners(scope.ServiceProvider.GetRequiredService<UserManager<StromaUser>>(), scope.ServiceProvider.GetRequiredService<TimeProvider>()));
    }
}

/// <summary>Authenticates through the accounts and records each refusal as an account event.</summary>
internal sealed class FailureTrail(AccountSigners accounts, StromaStore store) : ISignerAuthenticator
{
    public async Task<ReadResult<Signer>> AuthenticateAsync(SigningCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var result = await accounts.AuthenticateAsync(credentials, cancellationToken);
        if (result.HasErrors && result.Issues.FirstOrDefault(i => i.Severity == Severity.Error) is { } refused)
        {
            var why = (refused.Code, refused.Location) switch
            {
                (SignatureIssues.SecondFactor, _) => "wrong or reused authenticator code",
                (SignatureIssues.NoLocalPassword, _) => "no local password",
                (SignatureIssues.NotAuthenticated, "user") => "account disabled or locked",
                _ => "wrong user name or password",
            };
            var detail = $"{why} ({refused.Code})";
            await store.ChangeAccountAsync((_, _, _) => Task.FromResult((0, (IReadOnlyList<Storage.Accounts.AccountEvent>)[new(credentials.UserName, AccountEventNames.SigningFailed, detail)])), cancellationToken);
        }

        return result;
    }
}

/// <summary>The accounts opened for signing outside the web host, with what must be disposed after.</summary>
public sealed class OpenedSigners : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;

    internal OpenedSigners(ServiceProvider services, AsyncServiceScope scope, AccountSigners signers) => (_services, _scope, Signers) = (services, scope, signers);

    /// <summary>The authenticator.</summary>
    public AccountSigners Signers { get; }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }
}
