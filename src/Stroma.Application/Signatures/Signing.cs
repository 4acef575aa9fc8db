using Stroma.Core.Diagnostics;
using Stroma.Core.Signatures;
using Stroma.Core.Text;
using Stroma.Storage;
using Stroma.Core.Course;

namespace Stroma.Application.Signatures;

/// <summary>What a signer gives to sign: the user name, the password, and the authenticator code when the account has a second factor.</summary>
/// <param name="UserName">The signer's user name.</param>
/// <param name="Password">The signer's password (never a command-line argument: a prompt, a file, a form field).</param>
/// <param name="SecondFactorCode">The authenticator's current code, or null.</param>
public sealed record SigningCredentials(string UserName, string Password, string? SecondFactorCode)
{
    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"SigningCredentials {{ UserName = {UserName} }}";
}

/// <summary>A signer whose credentials were checked just now: user name, full name and roles.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="FullName">The full name shown with the signature (empty when the account has none).</param>
/// <param name="Roles">The account's roles.</param>
public sealed record Signer(string UserName, string FullName, IReadOnlyList<string> Roles);

/// <summary>
/// Checks a signer's credentials against the accounts (21 CFR 11.100, 11.200: every signing is a new authentication with both
/// components). The accounts live in the web app (Identity); the command line and the web app hand the use case this check.
/// </summary>
public interface ISignerAuthenticator
{
    /// <summary>The signer, or the issues that refuse them (SIG004 user name or password, SIG005 second factor, SIG006 no local password).</summary>
    Task<ReadResult<Signer>> AuthenticateAsync(SigningCredentials credentials, CancellationToken cancellationToken);
}

/// <summary>A signature asked for.</summary>
/// <param name="Record">The record to sign.</param>
/// <param name="Meaning">The meaning as typed (<c>review</c>, <c>approval</c>, <c>release</c>, <c>authorship</c>).</param>
/// <param name="ExpectedHash">The content hash of the record as the signer was shown it, or null (the record as stored now).</param>
/// <param name="Credentials">The signer's credentials.</param>
/// <param name="ActingUser">The signed-in user the signature must be made by (the web app), or null (the command line: the credentials name the signer).</param>
public sealed record SignRequest(SignedRecord Record, string? Meaning, string? ExpectedHash, SigningCredentials Credentials, string? ActingUser);

/// <summary>
/// Signing a record (21 CFR Part 11): the meaning checked, the signer re-authenticated (password, and second factor when set) on every
/// signing, the signer's right to sign with this meaning checked (<see cref="SigningRights"/>), then the signature written in one
/// transaction against the record's content as stored, as the signer.
/// </summary>
public static class Signing
{
    /// <summary>Signs, or returns every reason it was refused with nothing written.</summary>
    public static async Task<ReadResult<ElectronicSignature>> SignAsync(StromaStore store, ISignerAuthenticator authenticator, SignRequest request, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(request);
        if (SignatureMeanings.Parse(request.Meaning) is not { } meaning)
        {
            return Refused(Issue.Error(SignatureIssues.UnknownMeaning, "meaning",
                $"Expected one of {string.Join(", ", SignatureMeanings.All.Select(SignatureMeanings.Word))}; found {OneLine.Shown(request.Meaning)}."));
        }

        var family = request.Record.Family;
        if (SigningRights.RolesFor(meaning, family).Count == 0)
        {
            return Refused(Issue.Error(SignatureIssues.NotEntitled, "meaning",
                $"Expected a meaning that applies to {request.Record.Shown} ({string.Join(", ", SignatureMeanings.All.Where(m => SigningRights.RolesFor(m, family).Count > 0).Select(SignatureMeanings.Word))}); found {SignatureMeanings.Word(meaning)}."));
        }

        if (request.ActingUser is { } acting && !string.Equals(acting, request.Credentials.UserName, StringComparison.Ordinal))
        {
            return Refused(Issue.Error(SignatureIssues.NotTheActingUser, "user",
                $"Expected the signed-in user {acting} to sign; found the user name {OneLine.Shown(request.Credentials.UserName)}: a signature is made by the person acting, never for another."));
        }

        var authenticated = await authenticator.AuthenticateAsync(request.Credentials, ct);
        if (authenticated.HasErrors || authenticated.Value is not { } signer)
        {
            return ReadResult.Failed<ElectronicSignature>(authenticated.Issues);
        }

        if (string.IsNullOrWhiteSpace(signer.FullName))
        {
            return Refused(Issue.Error(SignatureIssues.NoFullName, "user",
                $"Expected an account with a full name (a signature shows it); {signer.UserName} has none: the administrator gives one."));
        }

        if (!SigningRights.May(signer.Roles, meaning, family))
        {
            return Refused(Issue.Error(SignatureIssues.NotEntitled, "meaning",
                $"Expected a signer with the role {string.Join(" or ", SigningRights.RolesFor(meaning, family))} to sign {request.Record.Shown} with the meaning {SignatureMeanings.Word(meaning)}; {signer.UserName} is {string.Join(", ", signer.Roles.DefaultIfEmpty("without a role"))}."));
        }

        var zone = await Labs.LabEntries.SiteZoneAsync(store, ct);
        var at = zone is null ? now.ToUniversalTime() : TimeZoneInfo.ConvertTime(now, zone);
        return await store.WithActor(signer.UserName).SignAsync(request.Record, meaning, signer.UserName, signer.FullName, at, request.ExpectedHash, ct);
    }

    /// <summary>The signatures of a record, each with its validity now.</summary>
    public static Task<IReadOnlyList<CheckedSignature>> OfRecordAsync(StromaStore store, SignedRecord record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.LoadSignaturesAsync(record, ct);
    }

    /// <summary>The signatures of a patient's records, each with its validity now.</summary>
    public static Task<IReadOnlyList<CheckedSignature>> OfPatientAsync(StromaStore store, PatientId patientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.LoadPatientSignaturesAsync(patientId, ct);
    }

    private static ReadResult<ElectronicSignature> Refused(Issue issue) => ReadResult.Failed<ElectronicSignature>([issue]);
}
