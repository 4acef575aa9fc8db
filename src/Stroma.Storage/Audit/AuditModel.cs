using Microsoft.EntityFrameworkCore;

namespace Stroma.Storage.Audit;

/// <summary>The EF Core configuration of the audit trail and its head.</summary>
internal static class AuditModel
{
    /// <summary>Configures the rows of this area.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntryRow>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(p => p.Sequence);
            e.Property(p => p.Sequence).ValueGeneratedNever();
        });
        modelBuilder.Entity<AuditHeadRow>(e =>
        {
            e.ToTable("audit_head");
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).ValueGeneratedNever();
        });
    }
}
