using Microsoft.EntityFrameworkCore;
using Stroma.Storage.Course;
using Stroma.Storage.RawFiles;

namespace Stroma.Storage.Proteome;

/// <summary>The EF Core configuration of kept analyte results with their raw source.</summary>
internal static class ProteomeModel
{
    /// <summary>Configures the rows of this area.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AnalyteResultRow>(e =>
        {
            e.ToTable("analyte_results");
            e.HasKey(p => p.Id);
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.SourceSha256);
        });

        CourseModel.PatientScoped<ArrayRunRow>(modelBuilder, StromaStore.ArrayRunTable)
            .HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.ManifestSha256);
    }
}
