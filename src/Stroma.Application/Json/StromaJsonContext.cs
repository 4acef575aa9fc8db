using System.Text.Json.Serialization;
using Stroma.Application.Administration;
using Stroma.Application.CellProducts;
using Stroma.Application.Course;
using Stroma.Application.Patients;
using Stroma.Application.Proteome;
using Stroma.Application.Renal;
using Stroma.Application.Signatures;
using Stroma.Application.Str;

namespace Stroma.Application.Json;

/// <summary>
/// The generated serialisers of the result records, grouped by area. Every <see cref="JsonSerializableAttribute"/> sits on this one
/// declaration: the generator fails when they are spread over partial declarations (it names its files after the types, twice).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
// Patients and their assessment (assess --json, the web API)
[JsonSerializable(typeof(AssessmentView))]
[JsonSerializable(typeof(PatientListView))]
[JsonSerializable(typeof(PatientDetailView))]
[JsonSerializable(typeof(IReadOnlyList<IssueView>))]
// Imports, the report, the registry (import labs, import course, report, assess --all)
[JsonSerializable(typeof(LabsImportedView))]
[JsonSerializable(typeof(CourseImportedView))]
[JsonSerializable(typeof(ReportWrittenView))]
[JsonSerializable(typeof(Stroma.Application.Exports.ExportWrittenView))]
[JsonSerializable(typeof(RegistryAssessedView))]
[JsonSerializable(typeof(RegistryListView))]
[JsonSerializable(typeof(ReassessedView))]
[JsonSerializable(typeof(StoredAssessmentsCheckedView))]
// Administration (audit, db, identity, setting, user, token)
[JsonSerializable(typeof(RefusedView))]
[JsonSerializable(typeof(AuditVerifiedView))]
[JsonSerializable(typeof(SchemaMigratedView))]
[JsonSerializable(typeof(IdentityShownView))]
[JsonSerializable(typeof(IdentityCorrectedView))]
[JsonSerializable(typeof(IdentityErasedView))]
[JsonSerializable(typeof(SettingView))]
[JsonSerializable(typeof(AccountAddedView))]
[JsonSerializable(typeof(AccountRoleView))]
[JsonSerializable(typeof(AccountEnabledView))]
[JsonSerializable(typeof(AccountPasswordView))]
[JsonSerializable(typeof(AccountShownView))]
[JsonSerializable(typeof(TokenCreatedView))]
// Renal (egfr, upcr)
[JsonSerializable(typeof(EgfrView))]
[JsonSerializable(typeof(UpcrView))]
// Cell products, custody, infusions, safety (isbt, spec, lot, custody, infusion, import safety, ae)
[JsonSerializable(typeof(IssuesView))]
[JsonSerializable(typeof(DinView))]
[JsonSerializable(typeof(CustodyAddedView))]
[JsonSerializable(typeof(CustodyChainView))]
[JsonSerializable(typeof(InfusionRecordedView))]
[JsonSerializable(typeof(ReleaseDecisionView))]
[JsonSerializable(typeof(LotImportedView))]
[JsonSerializable(typeof(SpecificationListView))]
[JsonSerializable(typeof(SpecificationView))]
[JsonSerializable(typeof(NotImportedView))]
[JsonSerializable(typeof(SafetyImportedView))]
[JsonSerializable(typeof(AdverseEventAmendedView))]
[JsonSerializable(typeof(AdverseEventHistoryView))]
// Proteome: membranes, curves, reference change values, biomarkers (array quantify, curve fit, rcv, biomarkers)
[JsonSerializable(typeof(ArrayQuantifiedView))]
// Electronic signatures (sign, signatures)
[JsonSerializable(typeof(SignedView))]
[JsonSerializable(typeof(SignatureListView))]
// STR (str size, str analyze, str chimerism)
[JsonSerializable(typeof(SizedSamplesView))]
[JsonSerializable(typeof(StrAnalysisView))]
[JsonSerializable(typeof(ChimerismView))]
[JsonSerializable(typeof(CurveFitView))]
[JsonSerializable(typeof(ReferenceChangeView))]
[JsonSerializable(typeof(BiomarkerSeriesView))]
[JsonSerializable(typeof(BiomarkerCohortView))]
// STR (str plot)
[JsonSerializable(typeof(StrPlotsWrittenView))]
// Forms kept as the raw input of the records typed into them
[JsonSerializable(typeof(KeptForm<Core.Course.LabEntryFields>))]
[JsonSerializable(typeof(KeptForm<Core.Course.PlasmaExchangeFields>))]
[JsonSerializable(typeof(KeptForm<Core.Course.DrugFields>))]
[JsonSerializable(typeof(KeptForm<Core.Course.ClinicalEventFields>))]
[JsonSerializable(typeof(KeptForm<Core.Safety.AdverseEventFields>))]
[JsonSerializable(typeof(KeptForm<Core.Biopsy.BiopsyFields>))]
[JsonSerializable(typeof(KeptForm<InfusionFields>))]
[JsonSerializable(typeof(KeptForm<VitalFields>))]
public sealed partial class StromaJsonContext : JsonSerializerContext;
