using System.Collections.Immutable;
using System.Globalization;
using Stroma.Application.Str;
using Stroma.Core.Course;
using Stroma.Core.Diagnostics;
using Stroma.Storage;

namespace Stroma.Application.Exports;

/// <summary>
/// A patient's tables — labs, plasma exchange sessions, MSC infusions, adverse events, chimerism and biomarker series, with a patients
/// table first — or every stored patient's (a cohort), for the CLI's <c>export</c> and the web app's downloads. Reads only. Every row
/// names the record it comes from (its id, and for an identified export the SHA-256 of the file it was imported from), every quantity
/// its UCUM unit. The identity store's fields (name, hospital number) are never exported; an identified export keeps what the records
/// themselves hold (the birth date, free text, source file names, which a lab may have named after the patient).
/// Pseudonymised, as the patient page, the API and the FHIR export are for a researcher (<see cref="Pseudonymisation"/>): the birth year
/// only, every date shifted by the patient's secret offset, every record id (lot and bag ids too) replaced by its opaque keyed one, no
/// DIN, no source file name or SHA-256, free text (notes, premedication, verbatim AE terms) withheld.
/// </summary>
public static class PatientExports
{
    /// <summary>The tables of <paramref name="patientId"/>, or the issue saying there is no such patient; warnings (EXPORT001) beside it.</summary>
    public static async Task<ReadResult<ExportWorkbook>> PatientAsync(StromaStore store, PatientId patientId, bool pseudonymise, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var tables = new Tables(pseudonymise);
        var issues = new List<Issue>();
        if (!await AddAsync(store, patientId, tables, issues, ct))
        {
            return ReadResult.Failed<ExportWorkbook>([LabCsvIssues.NoSuchPatient(patientId, store.Location.ToString())]);
        }

        return ReadResult.Of(tables.Build([patientId]), issues);
    }

    /// <summary>Every stored patient's tables in one export (one table of each kind, each row naming its patient), with progress lines.</summary>
    public static async Task<ReadResult<ExportWorkbook>> CohortAsync(StromaStore store, bool pseudonymise, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var tables = new Tables(pseudonymise);
        var issues = new List<Issue>();
        var ids = await store.ListPatientsAsync(ct);
        var done = new List<string>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (await AddAsync(store, PatientId.Parse(ids[i]), tables, issues, ct))
            {
                done.Add(ids[i]); // one removed since the ids were listed is left out
            }

            if ((i + 1) % 100 == 0 || i + 1 == ids.Count)
            {
                progress?.Report(FormattableString.Invariant($"[{i + 1}/{ids.Count}] patients read"));
            }
        }

        return ReadResult.Of(tables.Build(done), issues);
    }

    private static async Task<bool> AddAsync(StromaStore store, PatientId patientId, Tables tables, List<Issue> issues, CancellationToken ct)
    {
        if (await store.LoadCourseAsync(patientId, ct) is not { } stored)
        {
            return false;
        }

        var pseudonymise = tables.Pseudonymised;
        var shift = pseudonymise ? store.PseudonymShiftDays(patientId) : 0;
        var id = pseudonymise ? store.PseudonymRecordIds(patientId) : (x => x);
        var course = pseudonymise ? Pseudonymisation.Apply(stored, shift, id) : stored;
        var record = await store.LoadCellTherapyRecordAsync(patientId, ct);
        var dayZero = course.DayZero;
        int? Day(DateTimeOffset at) => dayZero is { } zero ? PatientCourse.StudyDay(zero, at) : null;
        var p = course.Patient;

        tables.Patients.Add([
            p.Id, .. pseudonymise ? Array.Empty<object?>() : [Date(stored.Patient.BirthDate)], stored.Patient.BirthDate.Year, p.Sex.ToString().ToLowerInvariant(),
            p.PrimaryDisease, p.Transplants.Count == 0 ? null : string.Join(";", p.Transplants.Select(t => Date(t.Date))),
            p.Transplants.Count == 0 ? null : string.Join(";", p.Transplants.Select(t => Snake(t.DonorType.ToString()))),
            p.RecurrenceDate is { } r ? Date(r) : null, dayZero is { } z ? Time(z) : null, p.IsSynthetic]);

        foreach (var (lab, original) in course.Labs.Zip(stored.Labs))
        {
            tables.Labs.Add([
                p.Id, lab.Id, Analytes.NameOf(lab.Analyte), lab.Loinc, SpecimenName(lab.Specimen), Time(lab.SampledAt), Day(lab.SampledAt),
                lab.Reported.Value, lab.Reported.Unit, lab.Value, lab.Unit, .. pseudonymise ? Array.Empty<object?>() : [original.SourceSha256]]);
        }

        foreach (var s in course.Sessions)
        {
            tables.Sessions.Add([p.Id, s.Id, Time(s.At), Day(s.At), s.PlasmaVolumes, s.VolumeMl, s.ReplacementFluid, s.Notes]);
        }

        var bags = await BagsAsync(store, stored, ct);
        foreach (var (infusion, original) in course.Infusions.Zip(stored.Infusions))
        {
            var bag = bags.GetValueOrDefault(original.Id);
            tables.Infusions.Add([
                p.Id, infusion.Id, Time(infusion.At), Day(infusion.At), id(infusion.LotId), bag is null ? null : id(bag.Id),
                bag is null ? null : pseudonymise ? Pseudonymisation.Withheld : bag.Din.Value, infusion.Dose.CellsPerKilogram, infusion.TotalCells,
                infusion.WeightAtInfusion.Kilograms, infusion.Route, infusion.Premedication]);
        }

        foreach (var e in record.AdverseEvents)
        {
            var (onset, resolved) = pseudonymise ? (Pseudonymisation.Shift(e.Onset, shift), Pseudonymisation.Shift(e.Resolved, shift)) : (e.Onset, e.Resolved);
            tables.AdverseEvents.Add([
                p.Id, id(e.Id), e.Term, e.CtcaeVersion, e.Grade, e.IsSerious, e.Seriousness.IsDefaultOrEmpty ? null : string.Join(";", e.Seriousness.Select(c => Snake(c.ToString()))),
                Snake(e.RelatednessToProduct.ToString()), Snake(e.Action.ToString()), Snake(e.Outcome.ToString()), Time(onset), Day(onset),
                resolved is { } rs ? Time(rs) : null, e.InfusionId is { } i ? id(i) : null, pseudonymise ? Pseudonymisation.Withheld : e.Verbatim]);
        }

        var samples = await store.LoadStrSamplesAsync(patientId, ct);
        var chimerism = await store.LoadChimerismAsync(patientId, ct);
        var shares = chimerism.Count == 0 ? [] : await StrSamples.SharesAsync(store, patientId, samples, chimerism,
            (c, why) => Issue.Warning(ExportIssues.UncorrectedNotRecomputed, $"{patientId} chimerism {id(c.SampleId)}",
                $"Expected to recompute the uncorrected and reviewed shares from the kept raw files; {why} The automatic corrected share is exported as kept, the recomputed cells left empty."),
            issues, ct);
        foreach (var c in chimerism)
        {
            var sample = samples.FirstOrDefault(s => s.Id == c.SampleId);
            var share = shares.GetValueOrDefault(c.Id);
            var sampledAt = pseudonymise ? Pseudonymisation.Shift(sample?.SampledAt, shift) : sample?.SampledAt;
            tables.Chimerism.Add([
                p.Id, id(c.Id), id(c.SampleId), sample?.Material, sampledAt is { } at ? Time(at) : null, sampledAt is { } at2 ? Day(at2) : null,
                c.Contributor, id(c.ReferenceSampleId), c.Percent, share?.AutomaticUncorrected, c.StandardDeviation, c.Detected,
                c.LimitOfDetectionPercent, c.InformativeLoci, c.LociUsed, c.Text, share?.Reviewed, share?.ReviewedUncorrected, share?.ReviewedText,
                share?.Version, share?.Reviews, share?.IsSigned, c.Method]);
        }

        var series = await store.LoadAnalyteSeriesAsync(patientId, ct);
        var sources = series.Sources.IsDefault ? [] : series.Sources;
        foreach (var (analyte, points) in series.Series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            foreach (var point in points)
            {
                var index = sources.Select(s => s.Name).ToList().IndexOf(point.Source ?? string.Empty);
                tables.Biomarkers.Add([
                    p.Id, analyte, point.Day, point.Value, series.UnitBySeries.GetValueOrDefault(analyte), point.Value is null,
                    point.Source is null ? null : pseudonymise ? FormattableString.Invariant($"{Pseudonymisation.Withheld} source {index + 1}") : point.Source,
                    .. pseudonymise ? Array.Empty<object?>() : [index < 0 ? null : sources[index].Sha256]]);
            }
        }

        return true;
    }

    // Which bag each infusion came from: the bag whose custody log has it infused at the infusion's time (read on the true dates).
    private static async Task<Dictionary<string, Core.CellProducts.Bag>> BagsAsync(StromaStore store, PatientCourse stored, CancellationToken ct)
    {
        var bags = new Dictionary<string, Core.CellProducts.Bag>(StringComparer.Ordinal);
        foreach (var lotId in stored.Infusions.Select(i => i.LotId).Distinct(StringComparer.Ordinal))
        {
            if (await store.LoadLotAsync(lotId, ct) is not { } held)
            {
                continue; // a lot held elsewhere: its bag is not known here
            }

            foreach (var bag in held.Lot.Bags)
            {
                foreach (var infused in (await store.LoadCustodyAsync(lotId, bag.Id, ct)).Where(e => e.Kind == Core.CellProducts.CustodyEventKind.Infused))
                {
                    if (stored.Infusions.FirstOrDefault(i => i.LotId == lotId && i.At == infused.At) is { } infusion)
                    {
                        bags[infusion.Id] = bag;
                    }
                }
            }
        }

        return bags;
    }

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Snake(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    // The names the lab CSV reads (LabCsv): one vocabulary in and out.
    private static string SpecimenName(Specimen specimen) => specimen switch
    {
        Specimen.SerumOrPlasma => "serum_or_plasma",
        Specimen.SpotUrine => "spot_urine",
        Specimen.FirstMorningUrine => "first_morning_urine",
        Specimen.Urine24Hour => "urine_24h",
        Specimen.BodyMeasurement => "body_measurement",
        _ => Snake(specimen.ToString()),
    };

    // The rows of each table while patients are added, and their headers (which differ only in what a pseudonymised export leaves out).
    private sealed class Tables(bool pseudonymised)
    {
        public bool Pseudonymised { get; } = pseudonymised;
        public List<object?[]> Patients { get; } = [];
        public List<object?[]> Labs { get; } = [];
        public List<object?[]> Sessions { get; } = [];
        public List<object?[]> Infusions { get; } = [];
        public List<object?[]> AdverseEvents { get; } = [];
        public List<object?[]> Chimerism { get; } = [];
        public List<object?[]> Biomarkers { get; } = [];

        public ExportWorkbook Build(IReadOnlyList<string> ids)
        {
            string[] identified(params string[] columns) => Pseudonymised ? [] : columns;
            return new ExportWorkbook(
            [
                new("patients", [
                    "patient_id", .. identified("birth_date"), "birth_year", "sex", "primary_disease", "transplant_dates", "donor_types", "recurrence_date",
                    "day_zero", "synthetic"], Patients),
                new("labs", [
                    "patient_id", "lab_id", "analyte", "loinc", "specimen", "sampled_at", "study_day", "reported_value", "reported_unit", "value", "unit",
                    .. identified("source_sha256")], Labs),
                new("plasma_exchange", [
                    "patient_id", "session_id", "at", "study_day", "plasma_volumes [{plasma_volumes}]", "volume [mL]", "replacement_fluid", "notes"], Sessions),
                new("infusions", [
                    "patient_id", "infusion_id", "at", "study_day", "lot_id", "bag_id", "bag_din", "dose [{cells}/kg]", "total_cells [{cells}]",
                    "weight_at_infusion [kg]", "route", "premedication"], Infusions),
                new("adverse_events", [
                    "patient_id", "ae_id", "ctcae_term", "ctcae_version", "grade", "serious", "seriousness_criteria", "relatedness", "action", "outcome",
                    "onset", "onset_study_day", "resolved", "infusion_id", "verbatim"], AdverseEvents),
                new("chimerism", [
                    "patient_id", "result_id", "sample_id", "material", "sampled_at", "study_day", "contributor", "reference_sample_id",
                    "automatic_percent_corrected [%]", "automatic_percent_uncorrected [%]", "automatic_sd [%]", "automatic_detected", "lod [%]", "automatic_informative_loci",
                    "automatic_loci_used", "automatic_result", "reviewed_percent_corrected [%]", "reviewed_percent_uncorrected [%]", "reviewed_result", "review_version",
                    "reviews", "signed_as_it_stands", "method"], Chimerism),
                new("biomarkers", [
                    "patient_id", "analyte", "study_day", "value", "unit", "not_detected", "source_file", .. identified("source_sha256")], Biomarkers),
            ], ids, Pseudonymised);
        }
    }
}
