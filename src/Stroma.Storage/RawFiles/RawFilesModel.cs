using Microsoft.EntityFrameworkCore;

namespace Stroma.Storage.RawFiles;

/// <summary>The EF Core configuration of raw input files, each kept once under its SHA-256.</summary>
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
    }
}
