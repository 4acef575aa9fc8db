namespace Stroma.Application.Course;

/// <summary><c>import labs --json</c>: what was imported (rows 0 when refused) and every issue.</summary>
public sealed record LabsImportedView(bool Imported, string Patient, string File, string? Sha256, int Rows, IReadOnlyList<IssueView> Issues);

/// <summary><c>import course --json</c>: the patient made and how many records of each kind, or nothing and why.</summary>
public sealed record CourseImportedView(bool Imported, string? Patient, int Labs, int Sessions, int Infusions, int Drugs, int Events, IReadOnlyList<IssueView> Issues);

/// <summary><c>report --json</c>: where the report was written and its digest.</summary>
public sealed record ReportWrittenView(string Report, string Patient, string Sha256, int Bytes);

/// <summary>A patient left out of (or assessed without some records of) <c>assess --all</c>, and why.</summary>
public sealed record PatientIssuesView(string Patient, IReadOnlyList<IssueView> Issues);

/// <summary><c>assess --all --json</c>: the registry's counts.</summary>
public sealed record RegistryAssessedView(
    int Patients, int Assessed, int TargetMetWithoutPlasmapheresis, int PlasmapheresisIndependent, IReadOnlyList<PatientIssuesView> NotAssessed,
    IReadOnlyList<PatientIssuesView> RecordsLeftOut, IReadOnlyList<string> WithoutInfusion, double Seconds);
