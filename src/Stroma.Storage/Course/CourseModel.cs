using Microsoft.EntityFrameworkCore;
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
        modelBuilder.Entity<TransplantRow>(e =>
        {
            e.ToTable("transplants");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
        });
        modelBuilder.Entity<LabResultRow>(e =>
        {
            e.ToTable("lab_results");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.SourceSha256);
            e.HasIndex(p => new { p.PatientId, p.Analyte });
        });
        modelBuilder.Entity<PlasmaExchangeRow>(e =>
        {
            e.ToTable("plasma_exchanges");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
        });
        modelBuilder.Entity<InfusionRow>(e =>
        {
            e.ToTable("msc_infusions");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
        });
        modelBuilder.Entity<DrugRow>(e =>
        {
            e.ToTable("drugs");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
        });
        modelBuilder.Entity<ClinicalEventRow>(e =>
        {
            e.ToTable("clinical_events");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
        });
        modelBuilder.Entity<DerivedEgfrRow>(e =>
        {
            e.ToTable("derived_egfr");
            e.HasKey(p => new { p.PatientId, p.Id }); // ids are scoped to their patient
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasOne<LabResultRow>().WithMany().HasForeignKey(p => new { p.PatientId, p.CreatinineLabId });
        });
    }
}
