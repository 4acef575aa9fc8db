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

/// <summary>Identifying fields, kept apart from the pseudonymous <see cref="Patient"/> record.</summary>
/// <param name="PatientId">The pseudonymous id they belong to.</param>
/// <param name="Name">Full name.</param>
/// <param name="HospitalNumber">Hospital (medical record) number.</param>
public sealed record PatientIdentity(string PatientId, string Name, string HospitalNumber);
