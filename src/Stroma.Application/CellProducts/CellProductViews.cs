using System.Globalization;
using System.Text.Json.Serialization;
using Stroma.Application.Course;
using Stroma.Core.CellProducts;
using Stroma.Core.Safety;
using Stroma.Storage;

namespace Stroma.Application.CellProducts;

// The cell-product, custody, infusion and safety results as the front ends show them. Each ends with the issues: the CLI prints
// them on standard error as well, and a refused or empty answer is its key facts and the issues.

/// <summary>Nothing but the issues (a question that found nothing to answer).</summary>
public sealed record IssuesView(IReadOnlyList<IssueView> Issues);

/// <summary>An ISBT 128 DIN checked or made: its parts when it could be read, and whether it is valid.</summary>
public sealed record DinView(string? Din, string? CheckCharacter, string? Flag, bool Valid, IReadOnlyList<IssueView> Issues);

/// <summary>A custody event, its time ISO 8601 with its offset.</summary>
public sealed record CustodyEventView(
    string Id, string Kind, string From, string To, string At, string Location, string ScannedItemId, double? TemperatureC, bool SealIntact, string? Witness)
{
    /// <summary>A time as the cell-product views write it: ISO 8601 with its offset, to the second.</summary>
    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The view of an event.</summary>
    public static CustodyEventView Of(CustodyEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, SpecificationRules.Json(e.Kind), e.From, e.To, Time(e.At), e.Location, e.ScannedItemId, e.TemperatureC, e.SealIntact, e.Witness);
    }
}

/// <summary>A custody event added to a bag's chain (or refused: then only <see cref="Recorded"/> false and the issues).</summary>
public sealed record CustodyAddedView(
    bool Recorded,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Lot,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Bag,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CustodyEventView? Event,
    IReadOnlyList<IssueView> Issues);

/// <summary>A bag's custody chain in time order, and whether it is whole.</summary>
public sealed record CustodyChainView(string Lot, string Bag, string? Din, bool Whole, IReadOnlyList<CustodyEventView> Events, IReadOnlyList<IssueView> Issues);

/// <summary>An infusion recorded through the gate; when refused, <see cref="Recorded"/> false, the patient and nulls.</summary>
public sealed record InfusionRecordedView(
    bool Recorded, string Patient, string? Infusion, string? Lot, string? Bag, string? At, double? CellsPerKilogram, double? WeightKg, double? TotalCells,
    IReadOnlyList<IssueView> Issues)
{
    /// <summary>The view of a recorded (or, with null, refused) infusion.</summary>
    public static InfusionRecordedView Of(string patient, RecordedInfusion? r, IReadOnlyList<IssueView> issues) => new(
        r is not null, patient, r?.Infusion.Id, r?.Bag.LotId, r?.Bag.BagId, r is null ? null : CustodyEventView.Time(r.Infusion.At),
        r?.Infusion.Dose.CellsPerKilogram, r?.Infusion.WeightAtInfusion.Kilograms, r?.Infusion.TotalCells, issues);
}

/// <summary>One release test's verdict.</summary>
public sealed record VerdictView(
    string Code, string Name, string Category, bool Mandatory, string Criterion, double? Value, string? Text, string? Unit, string Status, string Reason);

/// <summary>A lot's release decision against its specification.</summary>
public sealed record ReleaseDecisionView(
    string Lot, string Specification, string SpecificationStatus, bool Released, string? Refusal, IReadOnlyList<VerdictView> Verdicts,
    IReadOnlyList<string> Blocking, IReadOnlyList<string> Notes, IReadOnlyList<IssueView> Issues)
{
    /// <summary>Whether the lot meets its specification (it is released only once the qualified person also signed its release).</summary>
    public bool MeetsSpecification { get; init; }

    /// <summary>The release signature as it is shown (signer, time, meaning), or null when none was made.</summary>
    public string? ReleaseSignature { get; init; }

    /// <summary>Whether that signature still holds (the lot unchanged since it was signed), or null when none was made.</summary>
    public bool? ReleaseSignatureValid { get; init; }

    /// <summary>The view of a decision.</summary>
    public static ReleaseDecisionView Of(ReleaseDecision decision, IReadOnlyList<IssueView> issues)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(
            decision.LotId, decision.Specification, SpecificationRules.Json(decision.SpecificationStatus), decision.Released, decision.Refusal,
            [.. decision.Verdicts.Select(v => new VerdictView(
                v.Test.Code, v.Test.Name, SpecificationRules.Json(v.Test.Category), v.Test.Mandatory, v.Test.Criterion, v.Result?.Value, v.Result?.Text,
                v.Result?.Unit, v.Status.ToString().ToLowerInvariant(), v.Reason))],
            [.. decision.Blocking.Select(b => b.Test.Code)], [.. decision.Notes.Select(b => b.Test.Code)], issues)
        {
            MeetsSpecification = decision.MeetsSpecification, ReleaseSignature = decision.ReleaseSignature?.Signature.Manifestation, ReleaseSignatureValid = decision.ReleaseSignature?.IsValid,
        };
    }
}

/// <summary>A lot imported (or rejected: then the counts are null).</summary>
public sealed record LotImportedView(
    string? Lot, bool Imported, string? Specification, int? Bags, int? Results, int? CustodyEvents, bool? Released, IReadOnlyList<IssueView> Issues);

/// <summary>A held specification in a list.</summary>
public sealed record SpecificationSummaryView(string Id, string Version, string Product, string Status, string ImportedBy, string ImportedAt, int Lots)
{
    /// <summary>How a specification is held, in words: built-in, approved or legacy.</summary>
    public static string StatusOf(SpecificationStatus status) => status switch
    {
        SpecificationStatus.BuiltIn => "built-in",
        SpecificationStatus.Approved => "approved",
        _ => "legacy",
    };

    /// <summary>The summary of a held specification.</summary>
    public static SpecificationSummaryView Of(HeldSpecification h)
    {
        ArgumentNullException.ThrowIfNull(h);
        return new(h.Specification.Id, h.Specification.Version, h.Specification.Product, StatusOf(h.Status), h.ImportedBy, CustodyEventView.Time(h.ImportedAt), h.Lots);
    }
}

/// <summary>The held specifications.</summary>
public sealed record SpecificationListView(IReadOnlyList<SpecificationSummaryView> Specifications, IReadOnlyList<IssueView> Issues);

/// <summary>One test of a specification.</summary>
public sealed record SpecificationTestView(
    string Code, string Category, string Name, string Method, string Comparator, double? Lower, double? Upper, string? Unit, string? Expected, bool Mandatory,
    IReadOnlyList<string> Alternatives, string Criterion);

/// <summary>A held specification with its tests (shown, or just imported: <see cref="Imported"/> says whether this import added it).</summary>
public sealed record SpecificationView(
    string Id, string Version, string Product, string Status, string ImportedBy, string ImportedAt, int Lots, bool Imported, string? SourceSha256,
    IReadOnlyList<SpecificationTestView> Tests, IReadOnlyList<IssueView> Issues)
{
    /// <summary>The view of a held specification.</summary>
    public static SpecificationView Of(HeldSpecification h, bool imported, IReadOnlyList<IssueView> issues)
    {
        var s = SpecificationSummaryView.Of(h);
        return new(
            s.Id, s.Version, s.Product, s.Status, s.ImportedBy, s.ImportedAt, s.Lots, imported, h.SourceSha256,
            [.. h.Specification.Tests.Select(t => new SpecificationTestView(
                t.Code, SpecificationRules.Json(t.Category), t.Name, t.Method, SpecificationRules.Json(t.Comparator), t.Lower, t.Upper, t.Unit, t.Expected,
                t.Mandatory, t.Alternatives, t.Criterion))],
            issues);
    }
}

/// <summary>An import refused before anything was held.</summary>
public sealed record NotImportedView(bool Imported, IReadOnlyList<IssueView> Issues);

/// <summary>A safety document imported for a patient (or rejected: then the counts are null).</summary>
public sealed record SafetyImportedView(string Patient, bool Imported, int? AdverseEvents, int? Vitals, int? Biopsies, int? Unchanged, IReadOnlyList<IssueView> Issues)
{
    /// <summary>The view of an import's counts (null when rejected).</summary>
    public static SafetyImportedView Of(string patient, SafetyImport? counts, IReadOnlyList<IssueView> issues) =>
        new(patient, counts is not null, counts?.AdverseEvents, counts?.Vitals, counts?.Biopsies, counts?.Unchanged, issues);
}

/// <summary>An adverse event: CTCAE term and grade, seriousness, relatedness, times ISO 8601 with their offsets.</summary>
public sealed record AdverseEventView(
    string Id, string Verbatim, string Term, string CtcaeVersion, int Grade, string Onset, string? Resolved, bool Serious, IReadOnlyList<string> Seriousness,
    string Relatedness, string Action, string Outcome, string? InfusionId)
{
    /// <summary>The view of an adverse event.</summary>
    public static AdverseEventView Of(AdverseEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(
            e.Id, e.Verbatim, e.Term, e.CtcaeVersion, e.Grade, CustodyEventView.Time(e.Onset), e.Resolved is { } r ? CustodyEventView.Time(r) : null, e.IsSerious,
            [.. e.Seriousness.Select(s => SpecificationRules.Json(s))], SpecificationRules.Json(e.RelatednessToProduct), SpecificationRules.Json(e.Action),
            SpecificationRules.Json(e.Outcome), e.InfusionId);
    }
}

/// <summary>An adverse event amended with a reason (or refused: then <see cref="Amended"/> false and no event).</summary>
public sealed record AdverseEventAmendedView(string Patient, string Id, bool Amended, AdverseEventView? Event, IReadOnlyList<IssueView> Issues);

/// <summary>One version of an adverse event, from the audit trail.</summary>
public sealed record AdverseEventVersionView(int Version, string Action, string Actor, string At, string? Reason, AdverseEventView Event)
{
    /// <summary>The view of a version.</summary>
    public static AdverseEventVersionView Of(AdverseEventVersion v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Version, v.Action, v.Actor, CustodyEventView.Time(v.At), v.Reason, AdverseEventView.Of(v.Event));
    }
}

/// <summary>An adverse event with every version of it; when there is none, the patient, the id and the issues only.</summary>
public sealed record AdverseEventHistoryView(
    string Patient,
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] AdverseEventView? Event,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AdverseEventVersionView>? Versions,
    IReadOnlyList<IssueView> Issues);
