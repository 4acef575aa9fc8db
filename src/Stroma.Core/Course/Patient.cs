using Stroma.Core.Diagnostics;
using Stroma.Core.Quantities;

namespace Stroma.Core.Course;

/// <summary>How a kidney graft was donated.</summary>
public enum DonorType
{
    /// <summary>Deceased donor.</summary>
    Deceased,

    /// <summary>Living related donor.</summary>
    LivingRelated,

    /// <summary>Living unrelated donor.</summary>
    LivingUnrelated,
}

/// <summary>A kidney transplant.</summary>
/// <param name="Date">Date of transplantation.</param>
/// <param name="DonorType">Donor type.</param>
public sealed record Transplant(DateOnly Date, DonorType DonorType);

/// <summary>
/// The pseudonymous patient record every analysis works on. It holds no name or hospital number: those live in
/// <see cref="PatientIdentity"/>, stored apart and shown only to roles that may see them.
/// </summary>
/// <param name="Id">Pseudonymous id (for example <c>DEMO-001</c>).</param>
/// <param name="BirthDate">Birth date.</param>
/// <param name="Sex">Sex.</param>
/// <param name="PrimaryDisease">Primary disease as recorded (for example "steroid-resistant FSGS").</param>
/// <param name="Transplants">Kidney transplants, oldest first.</param>
/// <param name="RecurrenceDate">Date of disease recurrence in the graft, if any.</param>
/// <param name="IsSynthetic">True for generated (demo, benchmark) records, so they are never mistaken for patient data.</param>
public sealed record Patient(string Id, DateOnly BirthDate, Sex Sex, string PrimaryDisease, IReadOnlyList<Transplant> Transplants, DateOnly? RecurrenceDate, bool IsSynthetic = false)
{
    /// <summary>Age on a date.</summary>
    public AgeInYears AgeOn(DateOnly date) => AgeInYears.Between(BirthDate, date);
}

/// <summary>
/// What a patient id may be: the pseudonymous key every record, file name, URL and report carries, so 1–64 ASCII letters, digits,
/// '.', '_' or '-', starting with a letter or digit — never a name, a path, a control character or blank.
/// </summary>
public static class PatientIds
{
    /// <summary>The longest id.</summary>
    public const int MaxLength = 64;

    /// <summary>The longest name or hospital number of an identity.</summary>
    public const int MaxIdentityLength = 200;

    /// <summary>Whether <paramref name="id"/> is a well-formed patient id.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>The problem with an id (error <paramref name="code"/> at <paramref name="location"/>), or null when it is well formed.</summary>
    public static Issue? Check(string? id, string location, string code) => IsValid(id) ? null : Issue.Error(code, location,
        $"Expected a patient id of 1–{MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit (a pseudonymous code, never a name); found {Text.OneLine.Shown(id)}.");

    /// <summary>The problem with an identity field (a name or hospital number): blank, or not one line of at most <see cref="MaxIdentityLength"/> characters.</summary>
    public static Issue? CheckIdentityField(string? text, string location, string code) => string.IsNullOrWhiteSpace(text)
        ? Issue.Error(code, location, $"Expected 1–{MaxIdentityLength} characters; found {Text.OneLine.Shown(text)}.")
        : Text.OneLine.Check(text, location, code, MaxIdentityLength);
}

/// <summary>Identifying fields, kept apart from the pseudonymous <see cref="Patient"/> record.</summary>
/// <param name="PatientId">The pseudonymous id they belong to.</param>
/// <param name="Name">Full name.</param>
/// <param name="HospitalNumber">Hospital (medical record) number.</param>
public sealed record PatientIdentity(string PatientId, string Name, string HospitalNumber);
