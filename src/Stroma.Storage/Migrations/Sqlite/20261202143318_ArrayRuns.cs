using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ArrayRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "array_runs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    Layout = table.Column<string>(type: "TEXT", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    Sample = table.Column<string>(type: "TEXT", nullable: true),
                    Method = table.Column<string>(type: "TEXT", nullable: false),
                    ManifestSha256 = table.Column<string>(type: "TEXT", nullable: false),
                    ManifestName = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    SearchRefusal = table.Column<string>(type: "TEXT", nullable: true),
                    AnalyticalCvPercent = table.Column<double>(type: "REAL", nullable: true),
                    PlacedCorners = table.Column<string>(type: "TEXT", nullable: true),
                    PlacedBy = table.Column<string>(type: "TEXT", nullable: true),
                    PlacedAtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    UploadedBy = table.Column<string>(type: "TEXT", nullable: false),
                    UploadedAtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_array_runs", x => new { x.PatientId, x.Id });
                    table.ForeignKey(
                        name: "FK_array_runs_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_array_runs_raw_files_ManifestSha256",
                        column: x => x.ManifestSha256,
                        principalTable: "raw_files",
                        principalColumn: "Sha256",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_array_runs_ManifestSha256",
                table: "array_runs",
                column: "ManifestSha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "array_runs");
        }
    }
}
