using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Stroma.Core.CellProducts;
using Stroma.Storage.Course;
using Stroma.Storage.RawFiles;

namespace Stroma.Storage.CellTherapy;

/// <summary>The EF configuration of the cell product, custody, safety and biopsy tables, and how their JSON columns are written.</summary>
internal static class CellTherapyModel
{
    /// <summary>
    /// The JSON of stored records (an AE, a biopsy, a specification's tests): property names as in Core, enums by name. The serialisers
    /// are generated at build time (<see cref="StoredRecordJson"/>): built by reflection, they cost each process its first read of a
    /// safety record, about a tenth of a single patient's assessment (bench/README.md). The text is the same either way (tested).
    /// </summary>
    public static JsonSerializerOptions Json => StoredRecordJson.Default.Options;

    /// <summary>When the built-in specification is recorded as held: the release that first shipped it (the CellTherapy migration).</summary>
    public static readonly DateTimeOffset BuiltInHeldSince = new(2026, 11, 25, 21, 56, 29, TimeSpan.Zero);

    /// <summary>Who holds the built-in specifications.</summary>
    public const string BuiltInHolder = "stroma (built-in)";

    /// <summary>A specification's tests as stored.</summary>
    public static string TestsJson(ReleaseSpecification specification) => JsonSerializer.Serialize(specification.Tests, Json);

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SpecificationRow>(e =>
        {
            e.ToTable("release_specifications");
            e.HasKey(p => new { p.Id, p.Version });
            e.HasOne<RawFileRow>().WithMany().HasForeignKey(p => p.SourceSha256);
            e.HasData(ReleaseSpecification.BuiltIn.Select(s => new SpecificationRow
            {
                Id = s.Id, Version = s.Version, Product = s.Product, Status = nameof(SpecificationStatus.BuiltIn), TestsJson = TestsJson(s), ImportedBy = BuiltInHolder,
                ImportedAtUtc = BuiltInHeldSince,
            }));
        });
        modelBuilder.Entity<MscLotRow>(e =>
        {
            e.ToTable("msc_lots");
            e.HasKey(p => p.Id);
            e.HasOne<SpecificationRow>().WithMany().HasForeignKey(p => new { p.SpecificationId, p.SpecificationVersion }).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<BagRow>(e =>
        {
            e.ToTable("bags");
            e.HasKey(p => new { p.LotId, p.Id });
            e.HasIndex(p => p.Din).IsUnique();
            e.HasIndex(p => p.Id);
            e.HasOne<MscLotRow>().WithMany().HasForeignKey(p => p.LotId);
            e.HasOne<PatientRow>().WithMany().HasForeignKey(p => p.AllocatedToPatientId);
        });
        modelBuilder.Entity<ReleaseResultRow>(e =>
        {
            e.ToTable("release_results");
            e.HasKey(p => p.Id);
            e.HasOne<MscLotRow>().WithMany().HasForeignKey(p => p.LotId);
        });
        modelBuilder.Entity<CustodyEventRow>(e =>
        {
            e.ToTable("custody_events");
            e.HasKey(p => new { p.LotId, p.BagId, p.Id });
            e.HasOne<BagRow>().WithMany().HasForeignKey(p => new { p.LotId, p.BagId });
        });
        Course.CourseModel.PatientScoped<AdverseEventRow>(modelBuilder, "adverse_events");
        Course.CourseModel.PatientScoped<VitalSignsRow>(modelBuilder, "vital_signs");
        Course.CourseModel.PatientScoped<BiopsyRow>(modelBuilder, "biopsies");
    }
}

/// <summary>The generated serialisers of the records stored as JSON (<see cref="CellTherapyModel.Json"/>).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(Core.Safety.AdverseEvent))]
[JsonSerializable(typeof(Core.Biopsy.BiopsyReport))]
[JsonSerializable(typeof(ImmutableArray<ReleaseTest>))]
internal sealed partial class StoredRecordJson : JsonSerializerContext;
