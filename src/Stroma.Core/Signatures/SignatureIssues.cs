namespace Stroma.Core.Signatures;

/// <summary>Stable issue codes of electronic signatures (21 CFR Part 11).</summary>
public static class SignatureIssues
{
    /// <summary>The meaning is not one of review, approval, release, authorship.</summary>
    public const string UnknownMeaning = "SIG001";

    /// <summary>The kind of record is not one that can be signed.</summary>
    public const string UnknownKind = "SIG002";

    /// <summary>No such record is stored (never stored, or retracted).</summary>
    public const string UnknownRecord = "SIG003";

    /// <summary>The user name and password do not authenticate an enabled account.</summary>
    public const string NotAuthenticated = "SIG004";

    /// <summary>The account has a second factor and the authenticator code is missing, wrong or already used.</summary>
    public const string SecondFactor = "SIG005";

    /// <summary>The account signs in by single sign-on and has no local password to re-authenticate with.</summary>
    public const string NoLocalPassword = "SIG006";

    /// <summary>The signer's role may not sign with this meaning (or this meaning does not apply to this kind of record).</summary>
    public const string NotEntitled = "SIG007";

    /// <summary>The content hash given is not the hash of the record named: it changed since it was shown, or the hash is another record's.</summary>
    public const string HashMismatch = "SIG008";

    /// <summary>The signer is not the signed-in user (a signature is made by the person acting, never for another).</summary>
    public const string NotTheActingUser = "SIG009";

    /// <summary>The account has no full name: a signature shows the signer's full name (21 CFR 11.50(a)(1)).</summary>
    public const string NoFullName = "SIG010";

    /// <summary>The same signer already signed this content with this meaning (nothing new would be said).</summary>
    public const string AlreadySigned = "SIG011";

    /// <summary>A lot's release is signed only when the lot meets its specification (every mandatory test passed, the specification not legacy).</summary>
    public const string NotReleasable = "SIG012";
}
