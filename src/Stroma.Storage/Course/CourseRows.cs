using System.Globalization;
using System.Text.Json;
using Stroma.Core.Course;
using Stroma.Core.Quantities;

namespace Stroma.Storage.Course;

/// <summary>Maps Core course records to rows and back, keeping each time's offset.</summary>
internal static class CourseRows
{
    public static (DateTimeOffset Utc, int OffsetMinutes) Split(DateTimeOffset at) => (at.ToUniversalTime(), (int)at.Offset.TotalMinutes);

    public static DateTimeOffset Join(DateTimeOffset utc, int offsetMinutes) => utc.ToOffset(TimeSpan.FromMinutes(offsetMinutes));

    public static PatientRow ToRow(Patient p) => new()
    {
        Id = p.Id, BirthDate = p.BirthDate, Sex = p.Sex.ToString(), PrimaryDisease = p.PrimaryDisease, RecurrenceDate = p.RecurrenceDate, IsSynthetic = p.IsSynthetic,
    };

    public static LabResultRow ToRow(string patientId, LabResult l)
    {
        var (utc, offset) = Split(l.SampledAt);
        return new LabResultRow
        {
            Id = l.Id, PatientId = patientId, Analyte = Analytes.NameOf(l.Analyte), SampledAtUtc = utc, SampledAtOffsetMinutes = offset,
            ReportedValue = l.Reported.Value, ReportedUnit = l.Reported.Unit, Value = l.Value, Unit = l.Unit, Loinc = l.Loinc,
            Specimen = LabCsv.NameOf(l.Specimen), SourceSha256 = l.SourceSha256,
        };
    }

    public static LabResult FromRow(LabResultRow r) => new(
        r.Id, Analytes.ByName[r.Analyte], Join(r.SampledAtUtc, r.SampledAtOffsetMinutes), new ReportedValue(r.ReportedValue, r.ReportedUnit),
        r.Value, r.Unit, r.Loinc, LabCsv.ParseSpecimen(r.Specimen)!.Value, r.SourceSha256);

    public static PlasmaExchangeRow ToRow(string patientId, PlasmaExchangeSession s)
    {
        var (utc, offset) = Split(s.At);
        return new PlasmaExchangeRow
        {
            Id = s.Id, PatientId = patientId, AtUtc = utc, AtOffsetMinutes = offset, PlasmaVolumes = s.PlasmaVolumes, VolumeMl = s.VolumeMl,
            ReplacementFluid = s.ReplacementFluid, Notes = s.Notes,
        };
    }

    public static PlasmaExchangeSession FromRow(PlasmaExchangeRow r) =>
        new(r.Id, Join(r.AtUtc, r.AtOffsetMinutes), r.PlasmaVolumes, r.VolumeMl, r.ReplacementFluid, r.Notes);

    public static InfusionRow ToRow(string patientId, MscInfusion i)
    {
        var (utc, offset) = Split(i.At);
        return new InfusionRow
        {
            Id = i.Id, PatientId = patientId, AtUtc = utc, AtOffsetMinutes = offset, LotId = i.LotId, CellsPerKilogram = i.Dose.CellsPerKilogram,
            TotalCells = i.TotalCells, WeightKilograms = i.WeightAtInfusion.Kilograms, Route = i.Route, Premedication = i.Premedication,
        };
    }

    public static MscInfusion FromRow(InfusionRow r) => new(
        r.Id, Join(r.AtUtc, r.AtOffsetMinutes), r.LotId, CellDose.FromCellsPerKilogram(r.CellsPerKilogram), r.TotalCells,
        Weight.FromKilograms(r.WeightKilograms), r.Route, r.Premedication);

    public static DrugRow ToRow(string patientId, DrugExposure d) => new()
    {
        Id = d.Id, PatientId = patientId, Name = d.Name, Dose = d.Dose, DoseUnit = d.DoseUnit, Start = d.Start, Stop = d.Stop,
    };

    public static DrugExposure FromRow(DrugRow r) => new(r.Id, r.Name, r.Dose, r.DoseUnit, r.Start, r.Stop);

    public static ClinicalEventRow ToRow(string patientId, ClinicalEvent e)
    {
        var (utc, offset) = Split(e.At);
        return new ClinicalEventRow { Id = e.Id, PatientId = patientId, AtUtc = utc, AtOffsetMinutes = offset, Kind = e.Kind.ToString(), Description = e.Description };
    }

    public static ClinicalEvent FromRow(ClinicalEventRow r) =>
        new(r.Id, Join(r.AtUtc, r.AtOffsetMinutes), Enum.Parse<ClinicalEventKind>(r.Kind), r.Description);

    public static PatientCourse Course(
        PatientRow patient, List<TransplantRow> transplants, List<LabResultRow> labs, List<PlasmaExchangeRow> sessions, List<InfusionRow> infusions, List<DrugRow> drugs, List<ClinicalEventRow> events) =>
        new(
            new Patient(patient.Id, patient.BirthDate, Enum.Parse<Sex>(patient.Sex), patient.PrimaryDisease,
                [.. transplants.OrderBy(t => t.Date).Select(t => new Transplant(t.Date, Enum.Parse<DonorType>(t.DonorType)))], patient.RecurrenceDate, patient.IsSynthetic),
            [.. labs.Select(FromRow).OrderBy(l => l.SampledAt).ThenBy(l => l.Id, StringComparer.Ordinal)],
            [.. sessions.Select(FromRow).OrderBy(s => s.At).ThenBy(s => s.Id, StringComparer.Ordinal)],
            [.. infusions.Select(FromRow).OrderBy(i => i.At)],
            [.. drugs.Select(FromRow).OrderBy(d => d.Start).ThenBy(d => d.Id, StringComparer.Ordinal)],
            [.. events.Select(FromRow).OrderBy(e => e.At).ThenBy(e => e.Id, StringComparer.Ordinal)]);

    /// <summary>Whether two derived eGFR rows say the same (so an unchanged value is not written again).</summary>
    public static bool SameDerivation(DerivedEgfrRow a, DerivedEgfrRow b) =>
        a.CreatinineLabId == b.CreatinineLabId && a.HeightLabId == b.HeightLabId && a.Equation == b.Equation && a.Version == b.Version
        && a.Value.Equals(b.Value) && a.Unit == b.Unit && a.InputsJson == b.InputsJson;

    public static DerivedEgfrRow ToRow(string patientId, CourseEgfr e) => new()
    {
        Id = string.Create(CultureInfo.InvariantCulture, $"egfr-{e.CreatinineLabId}"),
        PatientId = patientId,
        CreatinineLabId = e.CreatinineLabId,
        HeightLabId = e.HeightLabId,
        Equation = e.Result.Equation,
        Version = e.Result.Version,
        Value = e.Result.Egfr.MlPerMinPer173M2,
        Unit = Egfr.Ucum,
        InputsJson = JsonSerializer.Serialize(new
        {
            sex = e.Result.Inputs.Sex.ToString(),
            ageYears = e.Result.Inputs.Age.Years,
            heightCm = e.Result.Inputs.Height?.Centimetres,
            creatinineMgPerDl = e.Result.Inputs.Creatinine?.MgPerDl,
            cystatinCMgPerL = e.Result.Inputs.CystatinC?.MgPerL,
            isFamilySwitch = e.IsFamilySwitch,
        }),
    };
}
