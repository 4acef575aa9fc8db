using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StrResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "str_samples",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: false),
                    Role = table.Column<string>(type: "text", nullable: false),
                    Material = table.Column<string>(type: "text", nullable: false),
                    SampledAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SampledAtOffsetMinutes = table.Column<int>(type: "integer", nullable: true),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    FileSha256 = table.Column<string>(type: "text", nullable: false),
                    Kit = table.Column<string>(type: "text", nullable: false),
                    SizeStandard = table.Column<string>(type: "text", nullable: false),
                    LadderSha256 = table.Column<string>(type: "text", nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false),
                    GenotypeJson = table.Column<string>(type: "text", nullable: false),
                    FlagsJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_str_samples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_str_samples_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_str_samples_raw_files_FileSha256",
                        column: x => x.FileSha256,
                        principalTable: "raw_files",
                        principalColumn: "Sha256",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_str_samples_raw_files_LadderSha256",
                        column: x => x.LadderSha256,
                        principalTable: "raw_files",
                        principalColumn: "Sha256",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "chimerism_results",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: false),
                    SampleId = table.Column<string>(type: "text", nullable: false),
                    Contributor = table.Column<string>(type: "text", nullable: false),
                    ReferenceSampleId = table.Column<string>(type: "text", nullable: false),
                    Percent = table.Column<double>(type: "double precision", nullable: true),
                    StandardDeviation = table.Column<double>(type: "double precision", nullable: true),
                    Detected = table.Column<bool>(type: "boolean", nullable: false),
                    LimitOfDetectionPercent = table.Column<double>(type: "double precision", nullable: false),
                    InformativeLoci = table.Column<int>(type: "integer", nullable: false),
                    LociUsed = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chimerism_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_chimerism_results_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_chimerism_results_str_samples_ReferenceSampleId",
                        column: x => x.ReferenceSampleId,
                        principalTable: "str_samples",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_chimerism_results_str_samples_SampleId",
                        column: x => x.SampleId,
                        principalTable: "str_samples",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_chimerism_results_PatientId",
                table: "chimerism_results",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_chimerism_results_ReferenceSampleId",
                table: "chimerism_results",
                column: "ReferenceSampleId");

            migrationBuilder.CreateIndex(
                name: "IX_chimerism_results_SampleId",
                table: "chimerism_results",
                column: "SampleId");

            migrationBuilder.CreateIndex(
                name: "IX_str_samples_FileSha256",
                table: "str_samples",
                column: "FileSha256");

            migrationBuilder.CreateIndex(
                name: "IX_str_samples_LadderSha256",
                table: "str_samples",
                column: "LadderSha256");

            migrationBuilder.CreateIndex(
                name: "IX_str_samples_PatientId",
                table: "str_samples",
                column: "PatientId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "chimerism_results");

            migrationBuilder.DropTable(
                name: "str_samples");
        }
    }
}
