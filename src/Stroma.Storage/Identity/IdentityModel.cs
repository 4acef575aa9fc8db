using Microsoft.EntityFrameworkCore;
using Stroma.Storage.Course;

namespace Stroma.Storage.Identity;

/// <summary>The EF Core configuration of the identity store, its own trail and the administrator's settings.</summary>
internal static class IdentityModel
{
    /// <summary>Configures the rows of this area.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PatientIdentityRow>(e =>
        {
            e.ToTable("patient_identities");
            e.HasKey(p => p.PatientId);
            e.HasIndex(p => p.IdentityRef).IsUnique();
            e.HasOne<PatientRow>().WithOne().HasForeignKey<PatientIdentityRow>(p => p.PatientId);
        });
        modelBuilder.Entity<PatientIdentityAuditRow>(e =>
        {
            e.ToTable("patient_identity_audit");
            e.HasKey(p => p.Sequence);
            e.Property(p => p.Sequence).ValueGeneratedNever();
        });
        modelBuilder.Entity<SettingRow>(e =>
        {
            e.ToTable("settings");
            e.HasKey(p => p.Key);
        });
    }
}
