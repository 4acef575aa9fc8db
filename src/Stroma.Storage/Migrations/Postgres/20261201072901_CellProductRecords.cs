using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CellProductRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Specifications become master data: the table, the built-in row, and every lot's own specification kept as it was (Legacy).
            migrationBuilder.CreateTable(
                name: "release_specifications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<string>(type: "text", nullable: false),
                    Product = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    TestsJson = table.Column<string>(type: "text", nullable: false),
                    ImportedBy = table.Column<string>(type: "text", nullable: false),
                    ImportedAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SourceSha256 = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_release_specifications", x => new { x.Id, x.Version });
                    table.ForeignKey(
                        name: "FK_release_specifications_raw_files_SourceSha256",
                        column: x => x.SourceSha256,
                        principalTable: "raw_files",
                        principalColumn: "Sha256");
                });

            migrationBuilder.InsertData(
                table: "release_specifications",
                columns: new[] { "Id", "Version", "ImportedAtUtc", "ImportedBy", "Product", "SourceSha256", "Status", "TestsJson" },
                values: new object[] { "bm-msc-isct", "1", new DateTimeOffset(new DateTime(2026, 11, 25, 21, 56, 29, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "stroma (built-in)", "Bone-marrow MSC, allogeneic", null, "BuiltIn", "[{\"Code\":\"viability\",\"Name\":\"Viability\",\"Method\":\"7-AAD flow cytometry\",\"Unit\":\"%\",\"Comparator\":\"AtLeast\",\"Lower\":70,\"Upper\":null,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"Viability\",\"Criterion\":\"\\u2265 70 %\"},{\"Code\":\"viable_cells\",\"Name\":\"Viable cells in the lot\",\"Method\":\"Automated count\",\"Unit\":\"{cells}\",\"Comparator\":\"AtLeast\",\"Lower\":100000000,\"Upper\":null,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"CellCount\",\"Criterion\":\"\\u2265 100000000 {cells}\"},{\"Code\":\"CD73\",\"Name\":\"CD73 positive\",\"Method\":\"Flow cytometry\",\"Unit\":\"%\",\"Comparator\":\"AtLeast\",\"Lower\":95,\"Upper\":null,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"Identity\",\"Criterion\":\"\\u2265 95 %\"},{\"Code\":\"CD90\",\"Name\":\"CD90 positive\",\"Method\":\"Flow cytometry\",\"Unit\":\"%\",\"Comparator\":\"AtLeast\",\"Lower\":95,\"Upper\":null,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"Identity\",\"Criterion\":\"\\u2265 95 %\"},{\"Code\":\"CD105\",\"Name\":\"CD105 positive\",\"Method\":\"Flow cytometry\",\"Unit\":\"%\",\"Comparator\":\"AtLeast\",\"Lower\":95,\"Upper\":null,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"Identity\",\"Criterion\":\"\\u2265 95 %\"},{\"Code\":\"CD45\",\"Name\":\"CD45 positive\",\"Method\":\"Flow cytometry\",\"Unit\":\"%\",\"Comparator\":\"AtMost\",\"Lower\":null,\"Upper\":2,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"Identity\",\"Criterion\":\"\\u2264 2 %\"},{\"Code\":\"CD34\",\"Name\":\"CD34 positive\",\"Method\":\"Flow cytometry\",\"Unit\":\"%\",\"Comparator\":\"AtMost\",\"Lower\":null,\"Upper\":2,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"Identity\",\"Criterion\":\"\\u2264 2 %\"},{\"Code\":\"CD14\",\"Name\":\"CD14 (or CD11b) positive\",\"Method\":\"Flow cytometry\",\"Unit\":\"%\",\"Comparator\":\"AtMost\",\"Lower\":null,\"Upper\":2,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[\"CD11b\"],\"Category\":\"Identity\",\"Criterion\":\"\\u2264 2 %\"},{\"Code\":\"CD79a\",\"Name\":\"CD79\\u03B1 (or CD19) positive\",\"Method\":\"Flow cytometry\",\"Unit\":\"%\",\"Comparator\":\"AtMost\",\"Lower\":null,\"Upper\":2,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[\"CD19\"],\"Category\":\"Identity\",\"Criterion\":\"\\u2264 2 %\"},{\"Code\":\"HLA-DR\",\"Name\":\"HLA-DR positive\",\"Method\":\"Flow cytometry\",\"Unit\":\"%\",\"Comparator\":\"AtMost\",\"Lower\":null,\"Upper\":2,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"Identity\",\"Criterion\":\"\\u2264 2 %\"},{\"Code\":\"sterility\",\"Name\":\"Sterility\",\"Method\":\"BacT/ALERT aerobic and anaerobic, 7 days (Ph. Eur. 2.6.27)\",\"Unit\":null,\"Comparator\":\"Is\",\"Lower\":null,\"Upper\":null,\"Expected\":\"no growth\",\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"Sterility\",\"Criterion\":\"no growth\"},{\"Code\":\"endotoxin\",\"Name\":\"Bacterial endotoxin\",\"Method\":\"LAL kinetic chromogenic (Ph. Eur. 2.6.14)\",\"Unit\":\"[EU]/mL\",\"Comparator\":\"LessThan\",\"Lower\":null,\"Upper\":0.5,\"Expected\":null,\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"Endotoxin\",\"Criterion\":\"\\u003C 0.5 [EU]/mL\"},{\"Code\":\"mycoplasma\",\"Name\":\"Mycoplasma\",\"Method\":\"NAT (Ph. Eur. 2.6.7)\",\"Unit\":null,\"Comparator\":\"Is\",\"Lower\":null,\"Upper\":null,\"Expected\":\"negative\",\"Mandatory\":true,\"Alternatives\":[],\"Category\":\"Mycoplasma\",\"Criterion\":\"negative\"},{\"Code\":\"karyotype\",\"Name\":\"Karyotype\",\"Method\":\"G-banding, 20 metaphases\",\"Unit\":null,\"Comparator\":\"Is\",\"Lower\":null,\"Upper\":null,\"Expected\":\"normal\",\"Mandatory\":false,\"Alternatives\":[],\"Category\":\"GeneticStability\",\"Criterion\":\"normal\"},{\"Code\":\"potency\",\"Name\":\"Inhibition of PHA-stimulated PBMC proliferation\",\"Method\":\"Co-culture, 1:10\",\"Unit\":\"%\",\"Comparator\":\"AtLeast\",\"Lower\":20,\"Upper\":null,\"Expected\":null,\"Mandatory\":false,\"Alternatives\":[],\"Category\":\"Potency\",\"Criterion\":\"\\u2265 20 %\"}]" });

            migrationBuilder.CreateIndex(
                name: "IX_release_specifications_SourceSha256",
                table: "release_specifications",
                column: "SourceSha256");

            foreach (var sql in CellProductRecordsSql.Postgres)
            {
                migrationBuilder.Sql(sql);
            }

            migrationBuilder.DropColumn(
                name: "SpecificationJson",
                table: "msc_lots");

            // Ids scoped to their lot and bag, or to their patient: custody events learn their bag's lot before the keys change.
            migrationBuilder.AddColumn<string>(
                name: "LotId",
                table: "custody_events",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql(CellProductRecordsSql.PostgresCustodyLots);

            migrationBuilder.DropForeignKey(
                name: "FK_custody_events_bags_BagId",
                table: "custody_events");

            migrationBuilder.DropPrimaryKey(
                name: "PK_vital_signs",
                table: "vital_signs");

            migrationBuilder.DropIndex(
                name: "IX_vital_signs_PatientId",
                table: "vital_signs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_custody_events",
                table: "custody_events");

            migrationBuilder.DropIndex(
                name: "IX_custody_events_BagId",
                table: "custody_events");

            migrationBuilder.DropPrimaryKey(
                name: "PK_biopsies",
                table: "biopsies");

            migrationBuilder.DropIndex(
                name: "IX_biopsies_PatientId",
                table: "biopsies");

            migrationBuilder.DropPrimaryKey(
                name: "PK_bags",
                table: "bags");

            migrationBuilder.DropIndex(
                name: "IX_bags_LotId",
                table: "bags");

            migrationBuilder.DropPrimaryKey(
                name: "PK_adverse_events",
                table: "adverse_events");

            migrationBuilder.DropIndex(
                name: "IX_adverse_events_PatientId",
                table: "adverse_events");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AmendedAtUtc",
                table: "adverse_events",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AmendedBy",
                table: "adverse_events",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AmendmentReason",
                table: "adverse_events",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "adverse_events",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddPrimaryKey(
                name: "PK_vital_signs",
                table: "vital_signs",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_custody_events",
                table: "custody_events",
                columns: new[] { "LotId", "BagId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_biopsies",
                table: "biopsies",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_bags",
                table: "bags",
                columns: new[] { "LotId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_adverse_events",
                table: "adverse_events",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_msc_lots_SpecificationId_SpecificationVersion",
                table: "msc_lots",
                columns: new[] { "SpecificationId", "SpecificationVersion" });

            migrationBuilder.CreateIndex(
                name: "IX_bags_Id",
                table: "bags",
                column: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_custody_events_bags_LotId_BagId",
                table: "custody_events",
                columns: new[] { "LotId", "BagId" },
                principalTable: "bags",
                principalColumns: new[] { "LotId", "Id" },
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_msc_lots_release_specifications_SpecificationId_Specificati~",
                table: "msc_lots",
                columns: new[] { "SpecificationId", "SpecificationVersion" },
                principalTable: "release_specifications",
                principalColumns: new[] { "Id", "Version" },
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_custody_events_bags_LotId_BagId",
                table: "custody_events");

            migrationBuilder.DropForeignKey(
                name: "FK_msc_lots_release_specifications_SpecificationId_Specificati~",
                table: "msc_lots");

            migrationBuilder.AddColumn<string>(
                name: "SpecificationJson",
                table: "msc_lots",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql(CellProductRecordsSql.PostgresDown);

            migrationBuilder.DropTable(
                name: "release_specifications");

            migrationBuilder.DropPrimaryKey(
                name: "PK_vital_signs",
                table: "vital_signs");

            migrationBuilder.DropIndex(
                name: "IX_msc_lots_SpecificationId_SpecificationVersion",
                table: "msc_lots");

            migrationBuilder.DropPrimaryKey(
                name: "PK_custody_events",
                table: "custody_events");

            migrationBuilder.DropPrimaryKey(
                name: "PK_biopsies",
                table: "biopsies");

            migrationBuilder.DropPrimaryKey(
                name: "PK_bags",
                table: "bags");

            migrationBuilder.DropIndex(
                name: "IX_bags_Id",
                table: "bags");

            migrationBuilder.DropPrimaryKey(
                name: "PK_adverse_events",
                table: "adverse_events");

            migrationBuilder.DropColumn(
                name: "LotId",
                table: "custody_events");

            migrationBuilder.DropColumn(
                name: "AmendedAtUtc",
                table: "adverse_events");

            migrationBuilder.DropColumn(
                name: "AmendedBy",
                table: "adverse_events");

            migrationBuilder.DropColumn(
                name: "AmendmentReason",
                table: "adverse_events");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "adverse_events");

            migrationBuilder.AddPrimaryKey(
                name: "PK_vital_signs",
                table: "vital_signs",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_custody_events",
                table: "custody_events",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_biopsies",
                table: "biopsies",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_bags",
                table: "bags",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_adverse_events",
                table: "adverse_events",
                column: "Id");

            migrationBuilder.CreateIndex(
                name: "IX_vital_signs_PatientId",
                table: "vital_signs",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_custody_events_BagId",
                table: "custody_events",
                column: "BagId");

            migrationBuilder.CreateIndex(
                name: "IX_biopsies_PatientId",
                table: "biopsies",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_bags_LotId",
                table: "bags",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_adverse_events_PatientId",
                table: "adverse_events",
                column: "PatientId");

            migrationBuilder.AddForeignKey(
                name: "FK_custody_events_bags_BagId",
                table: "custody_events",
                column: "BagId",
                principalTable: "bags",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
