using Microsoft.EntityFrameworkCore;

namespace Stroma.Storage.RawFiles;

/// <summary>The EF Core configuration of raw input files, each kept once under its SHA-256, and of the records written from them.</summary>
internal static class RawFilesModel
{
    /// <summary>Configures the rows of this area.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RawFileRow>(e =>
        {
            e.ToTable("raw_files");
            e.HasKey(p => p.Sha256);
        });
        modelBuilder.Entity<RecordInputRow>(e =>
        {
            e.ToTable("record_inputs");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
            e.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.SourceSha256).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => new { p.TableName, p.RecordKey });
        });
    }
}
