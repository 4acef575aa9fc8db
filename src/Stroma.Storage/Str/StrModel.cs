using Microsoft.EntityFrameworkCore;
using Stroma.Storage.Course;
using Stroma.Storage.RawFiles;

namespace Stroma.Storage.Str;

/// <summary>The EF Core configuration of STR samples (with their raw file and ladder), chimerism results and the reviews of their calls.</summary>
internal static class StrModel
{
    /// <summary>Configures the rows of this area.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StrSampleRow>(e =>
        {
            e.ToTable("str_samples");
            e.HasKey(p => p.Id);
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.FileSha256);
            e.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.LadderSha256).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ChimerismRow>(e =>
        {
            e.ToTable("chimerism_results");
            e.HasKey(p => p.Id);
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.PatientId);
            e.HasOne<StrSampleRow>().WithMany().HasForeignKey(p => p.SampleId);
            e.HasOne<StrSampleRow>().WithMany().HasForeignKey(p => p.ReferenceSampleId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<StrCallReviewRow>(e =>
        {
            e.ToTable("str_call_reviews");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
            e.HasOne<StrSampleRow>().WithMany().HasForeignKey(p => p.SampleId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => new { p.SampleId, p.Ordinal }).IsUnique();
        });
    }
}
