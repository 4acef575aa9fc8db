using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stroma.Storage.RawFiles;

namespace Stroma.Storage.Course;

/// <summary>The EF Core configuration of the patient and the course: transplants, labs, plasma exchanges, infusions, drugs, events, derived eGFR (ids scoped to their patient).</summary>
internal static class CourseModel
{
    /// <summary>Configures the rows of this area.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PatientRow>(e =>
        {
            e.ToTable("patients");
            e.HasKey(p => p.Id);
        });
        PatientScoped<TransplantRow>(modelBuilder, "transplants");
        var labResult = PatientScoped<LabResultRow>(modelBuilder, "lab_results");
        labResult.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.SourceSha256);
        labResult.HasIndex(p => new { p.PatientId, p.Analyte });
        PatientScoped<PlasmaExchangeRow>(modelBuilder, "plasma_exchanges");
        PatientScoped<InfusionRow>(modelBuilder, "msc_infusions");
        PatientScoped<DrugRow>(modelBuilder, "drugs");
        PatientScoped<ClinicalEventRow>(modelBuilder, "clinical_events");
        var derivedEgfr = PatientScoped<DerivedEgfrRow>(modelBuilder, "derived_egfr");
        derivedEgfr.HasOne<LabResultRow>().WithMany().HasForeignKey(p => new { p.PatientId, p.CreatinineLabId });
        modelBuilder.Entity<PatientAssessmentRow>(e =>
        {
            e.ToTable("patient_assessments");
            e.HasKey(p => p.PatientId);
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RecordCorrectionRow>(e =>
        {
            e.ToTable("record_corrections");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasIndex(p => new { p.PatientId, p.TableName, p.RecordId });
        });
    }

    /// <summary>
    /// A row whose id is its patient's own (another patient's <c>ae-1</c> is another record): its table, the key (patient, id) and
    /// the patient it belongs to. Returns the builder for what the row adds.
    /// </summary>
    internal static EntityTypeBuilder<T> PatientScoped<T>(ModelBuilder modelBuilder, string table)
        where T : class, IPatientRow
    {
        var e = modelBuilder.Entity<T>();
        e.ToTable(table);
        e.HasKey(nameof(IPatientRow.PatientId), "Id");
        e.HasOne<PatientRow>().WithMany().HasForeignKey(nameof(IPatientRow.PatientId));
        return e;
    }
}
