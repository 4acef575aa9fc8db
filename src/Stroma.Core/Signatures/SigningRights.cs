namespace Stroma.Core.Signatures;

/// <summary>
/// Who may sign what, stated here and only here: for each meaning and family of record, the roles (the web app's role words, as
/// <c>stroma user add --role</c> gives them) whose holders may sign with it. A lot is released only by the qualified person, who
/// does not manufacture it (EU GMP Annex 16; the cell-factory staff author a lot, they do not release it); a patient's record is
/// reviewed or approved by the clinician, the pathologist or the molecular lab, never released.
/// </summary>
public static class SigningRights
{
    /// <summary>The clinician's role word.</summary>
    public const string Clinician = "clinician";

    /// <summary>The research nurse's role word.</summary>
    public const string ResearchNurse = "research-nurse";

    /// <summary>The cell factory's role word (manufacturing staff).</summary>
    public const string CellFactory = "cell-factory";

    /// <summary>The qualified person's role word (the cell factory's QP, who releases lots).</summary>
    public const string QualifiedPerson = "qualified-person";

    /// <summary>The molecular lab's role word.</summary>
    public const string MolecularLab = "molecular-lab";

    /// <summary>The pathologist's role word.</summary>
    public const string Pathologist = "pathologist";

    private static readonly Dictionary<(SignatureMeaning, SignedRecordFamily), string[]> Table = new()
    {
        [(SignatureMeaning.Review, SignedRecordFamily.PatientRecord)] = [Clinician, Pathologist, MolecularLab],
        [(SignatureMeaning.Approval, SignedRecordFamily.PatientRecord)] = [Clinician, Pathologist],
        [(SignatureMeaning.Authorship, SignedRecordFamily.PatientRecord)] = [Clinician, ResearchNurse, Pathologist, MolecularLab],
        [(SignatureMeaning.Review, SignedRecordFamily.Lot)] = [QualifiedPerson, CellFactory],
        [(SignatureMeaning.Authorship, SignedRecordFamily.Lot)] = [CellFactory],
        [(SignatureMeaning.Release, SignedRecordFamily.Lot)] = [QualifiedPerson],
    };

    /// <summary>The roles that may sign a record of <paramref name="family"/> with <paramref name="meaning"/> (none: the meaning does not apply).</summary>
    public static IReadOnlyList<string> RolesFor(SignatureMeaning meaning, SignedRecordFamily family) =>
        Table.TryGetValue((meaning, family), out var roles) ? roles : [];

    /// <summary>The meanings a holder of <paramref name="roles"/> may sign a record of <paramref name="family"/> with.</summary>
    public static IReadOnlyList<SignatureMeaning> MeaningsFor(IEnumerable<string> roles, SignedRecordFamily family)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var held = roles.ToHashSet(StringComparer.Ordinal);
        return [.. SignatureMeanings.All.Where(m => RolesFor(m, family).Any(held.Contains))];
    }

    /// <summary>Every role that holds some signing right.</summary>
    public static IReadOnlyList<string> Signers { get; } = [.. Table.Values.SelectMany(r => r).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Whether a holder of <paramref name="roles"/> may sign a record of <paramref name="family"/> with <paramref name="meaning"/>.</summary>
    public static bool May(IEnumerable<string> roles, SignatureMeaning meaning, SignedRecordFamily family) => MeaningsFor(roles, family).Contains(meaning);
}
