using Stroma.Core.Quantities;

namespace Stroma.Core.Course;

/// <summary>One therapeutic plasma exchange (plasmapheresis) session.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="At">Start of the session.</param>
/// <param name="PlasmaVolumes">Volume exchanged in multiples of the estimated total plasma volume, if recorded.</param>
/// <param name="VolumeMl">Volume exchanged in mL, if recorded.</param>
/// <param name="ReplacementFluid">Replacement fluid (for example "5% albumin").</param>
/// <param name="Notes">Free-text notes.</param>
public sealed record PlasmaExchangeSession(string Id, DateTimeOffset At, double? PlasmaVolumes, double? VolumeMl, string ReplacementFluid, string? Notes = null);

/// <summary>One MSC infusion: the dose both per kilogram and in total, with the weight that links them.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="At">Start of the infusion.</param>
/// <param name="LotId">The cell-product lot (a plain identifier until the cell-product records exist).</param>
/// <param name="Dose">Cells per kilogram.</param>
/// <param name="TotalCells">Total cells infused.</param>
/// <param name="WeightAtInfusion">Body weight used for the dose.</param>
/// <param name="Route">Route (for example "IV").</param>
/// <param name="Premedication">Premedication, if any.</param>
public sealed record MscInfusion(string Id, DateTimeOffset At, string LotId, CellDose Dose, double TotalCells, Weight WeightAtInfusion, string Route, string? Premedication = null)
{
    /// <summary>An infusion whose dose was entered per kilogram; the total is computed from the weight.</summary>
    public static MscInfusion FromDosePerKilogram(string id, DateTimeOffset at, string lotId, CellDose dose, Weight weight, string route, string? premedication = null) =>
        new(id, at, lotId, dose, dose.TotalCells(weight), weight, route, premedication);

    /// <summary>An infusion whose total cells were entered; the dose per kilogram is computed from the weight.</summary>
    public static MscInfusion FromTotalCells(string id, DateTimeOffset at, string lotId, double totalCells, Weight weight, string route, string? premedication = null) =>
        new(id, at, lotId, CellDose.FromTotal(totalCells, weight), totalCells, weight, route, premedication);
}

/// <summary>A concomitant drug with its dose and dates.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Name">Drug name.</param>
/// <param name="Dose">Dose, if recorded.</param>
/// <param name="DoseUnit">Dose unit as written (for example "mg/m2 bid"), if recorded.</param>
/// <param name="Start">Start date.</param>
/// <param name="Stop">Stop date, or null while ongoing.</param>
public sealed record DrugExposure(string Id, string Name, double? Dose, string? DoseUnit, DateOnly Start, DateOnly? Stop);

/// <summary>Kinds of dated clinical events.</summary>
public enum ClinicalEventKind
{
    /// <summary>A kidney biopsy.</summary>
    Biopsy,

    /// <summary>A sample taken for a laboratory assay (cytokine panel, STR, ...).</summary>
    Sample,

    /// <summary>An adverse event.</summary>
    AdverseEvent,

    /// <summary>Any other event.</summary>
    Other,
}

/// <summary>A dated clinical event: a biopsy, a research sample, an adverse event, a visit.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What kind of event.</param>
/// <param name="Description">What happened.</param>
public sealed record ClinicalEvent(string Id, DateTimeOffset At, ClinicalEventKind Kind, string Description);
