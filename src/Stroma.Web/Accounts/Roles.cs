namespace Stroma.Web.Accounts;

/// <summary>The roles of a programme's team (issue 13): each a word a user is given with <c>stroma user add --role</c>.</summary>
public static class Roles
{
    public const string Clinician = "clinician";
    public const string ResearchNurse = "research-nurse";
    public const string CellFactory = "cell-factory";

    /// <summary>The cell factory's qualified person, who releases lots (and does not manufacture them).</summary>
    public const string QualifiedPerson = Core.Signatures.SigningRights.QualifiedPerson;
    public const string MolecularLab = "molecular-lab";
    public const string Pathologist = "pathologist";
    public const string Researcher = "researcher";
    public const string Administrator = "admin";

    /// <summary>Every role, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Clinician, ResearchNurse, CellFactory, QualifiedPerson, MolecularLab, Pathologist, Researcher, Administrator];
}

/// <summary>
/// The authorisation policies: every endpoint and page names one (a test fails on any that does not). Roles map to policies here and
/// only here.
/// </summary>
public static class Policies
{
    /// <summary>Read patients and their records, pseudonymised or not (every role).</summary>
    public const string ReadRecords = "read-records";

    /// <summary>See a patient's name, hospital number and birth date (everyone on the care team; never the researcher).</summary>
    public const string ReadIdentity = "read-identity";

    /// <summary>Enter and correct clinical data (clinician, research nurse).</summary>
    public const string EnterClinicalData = "enter-clinical-data";

    /// <summary>
    /// Enter a lot's release results (late ones included) and record its bags' custody handoffs as they happen (the cell factory; the
    /// qualified person signs the release and does not enter what she signs).
    /// </summary>
    public const string EnterCellProducts = "enter-cell-products";

    /// <summary>
    /// Enter and correct a biopsy report (the pathologist, who reports it, and the clinical data-entry roles, who may transcribe a
    /// report): the Banff scores and lesion counts are the pathologist's findings, so the pathologist needs no other clinical entry right.
    /// </summary>
    public const string EnterBiopsy = "enter-biopsy";

    /// <summary>
    /// Read the audit trail of a record and its signatures (clinician, research nurse, administrator, and the pathologist and molecular
    /// lab, who review and sign records on the trail page); who may sign with which meaning is <see cref="Core.Signatures.SigningRights"/>.
    /// </summary>
    public const string ReadAudit = "read-audit";

    /// <summary>Upload an STR run for a patient and keep its analysis (the molecular lab, which runs the assay).</summary>
    public const string UploadStrRuns = "upload-str-runs";

    /// <summary>
    /// Review a kept STR sample: its electropherogram, calls, sizing and verdicts (the care team and the molecular lab; not the
    /// researcher: a run's file and sample names are the lab's own labels and often carry the patient's name or hospital number).
    /// </summary>
    public const string ReadStrRuns = "read-str-runs";

    /// <summary>
    /// Review a kept STR sample's calls (accept, reject, relabel or add an allele, with a reason) and start a new version of a signed
    /// result: the molecular lab, whose calls they are.
    /// </summary>
    public const string ReviewStrCalls = "review-str-calls";

    /// <summary>Upload membrane array images and place their grid by hand: the molecular lab, and the clinical team who send samples to it.</summary>
    public const string EnterArrayRuns = "enter-array-runs";

    /// <summary>
    /// Download the cohort export, every patient's tables pseudonymised (the researcher, for whom it is made, and the clinical team and
    /// administrator who answer for the registry; not the cell factory, the molecular lab, the pathologist or the qualified person, whose
    /// work needs one patient's records at a time: data minimisation).
    /// </summary>
    public const string ExportCohort = "export-cohort";

    /// <summary>Signed in, whatever the role (the account's own pages).</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Anyone, signed in or not: only the sign-in page and the static assets.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The roles each policy admits.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RolesOf { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [ReadRecords] = Roles.All,
        [ReadIdentity] = [Roles.Clinician, Roles.ResearchNurse, Roles.CellFactory, Roles.MolecularLab, Roles.Pathologist, Roles.Administrator],
        [EnterClinicalData] = [Roles.Clinician, Roles.ResearchNurse],
        [EnterCellProducts] = [Roles.CellFactory],
        [EnterBiopsy] = [Roles.Clinician, Roles.ResearchNurse, Roles.Pathologist],
        [EnterArrayRuns] = [Roles.Clinician, Roles.ResearchNurse, Roles.MolecularLab],
        [ReadAudit] = [Roles.Clinician, Roles.ResearchNurse, Roles.Pathologist, Roles.MolecularLab, Roles.Administrator],
        [UploadStrRuns] = [Roles.MolecularLab],
        [ReviewStrCalls] = [Roles.MolecularLab],
        [ReadStrRuns] = [Roles.Clinician, Roles.ResearchNurse, Roles.CellFactory, Roles.MolecularLab, Roles.Pathologist, Roles.Administrator],
        [ExportCohort] = [Roles.Clinician, Roles.ResearchNurse, Roles.Researcher, Roles.Administrator],
        [SignedIn] = Roles.All,
    };
}
