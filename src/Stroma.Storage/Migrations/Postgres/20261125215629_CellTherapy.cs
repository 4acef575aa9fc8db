using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CellTherapy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "adverse_events",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: false),
                    Term = table.Column<string>(type: "text", nullable: false),
                    Grade = table.Column<int>(type: "integer", nullable: false),
                    Serious = table.Column<bool>(type: "boolean", nullable: false),
                    OnsetUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OnsetOffsetMinutes = table.Column<int>(type: "integer", nullable: false),
                    RecordJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_adverse_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_adverse_events_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "biopsies",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: false),
                    TakenAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TakenAtOffsetMinutes = table.Column<int>(type: "integer", nullable: false),
                    BanffVersion = table.Column<string>(type: "text", nullable: false),
                    StrSampleId = table.Column<string>(type: "text", nullable: true),
                    ReportJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_biopsies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_biopsies_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "msc_lots",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DonorId = table.Column<string>(type: "text", nullable: false),
                    DonorKind = table.Column<string>(type: "text", nullable: false),
                    DonorHla = table.Column<string>(type: "text", nullable: true),
                    SourceTissue = table.Column<string>(type: "text", nullable: false),
                    Passage = table.Column<int>(type: "integer", nullable: false),
                    Preservation = table.Column<string>(type: "text", nullable: false),
                    ManufacturedAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ManufacturedAtOffsetMinutes = table.Column<int>(type: "integer", nullable: false),
                    ExpiresAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAtOffsetMinutes = table.Column<int>(type: "integer", nullable: false),
                    Site = table.Column<string>(type: "text", nullable: false),
                    SpecificationId = table.Column<string>(type: "text", nullable: false),
                    SpecificationVersion = table.Column<string>(type: "text", nullable: false),
                    SpecificationJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msc_lots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "vital_signs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: false),
                    InfusionId = table.Column<string>(type: "text", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AtOffsetMinutes = table.Column<int>(type: "integer", nullable: false),
                    Phase = table.Column<string>(type: "text", nullable: false),
                    TemperatureC = table.Column<double>(type: "double precision", nullable: true),
                    HeartRate = table.Column<double>(type: "double precision", nullable: true),
                    SystolicMmHg = table.Column<double>(type: "double precision", nullable: true),
                    DiastolicMmHg = table.Column<double>(type: "double precision", nullable: true),
                    RespiratoryRate = table.Column<double>(type: "double precision", nullable: true),
                    SpO2Percent = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vital_signs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_vital_signs_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "bags",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LotId = table.Column<string>(type: "text", nullable: false),
                    Din = table.Column<string>(type: "text", nullable: false),
                    ProductCode = table.Column<string>(type: "text", nullable: false),
                    Division = table.Column<string>(type: "text", nullable: false),
                    Cells = table.Column<double>(type: "double precision", nullable: false),
                    VolumeMl = table.Column<double>(type: "double precision", nullable: false),
                    AllocatedToPatientId = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_bags_msc_lots_LotId",
                        column: x => x.LotId,
                        principalTable: "msc_lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_bags_patients_AllocatedToPatientId",
                        column: x => x.AllocatedToPatientId,
                        principalTable: "patients",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "release_results",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    LotId = table.Column<string>(type: "text", nullable: false),
                    Code = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: true),
                    Text = table.Column<string>(type: "text", nullable: true),
                    Unit = table.Column<string>(type: "text", nullable: true),
                    AtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AtOffsetMinutes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_release_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_release_results_msc_lots_LotId",
                        column: x => x.LotId,
                        principalTable: "msc_lots",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "custody_events",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    BagId = table.Column<string>(type: "text", nullable: false),
                    ScannedItemId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    FromCustodian = table.Column<string>(type: "text", nullable: false),
                    ToCustodian = table.Column<string>(type: "text", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AtOffsetMinutes = table.Column<int>(type: "integer", nullable: false),
                    Location = table.Column<string>(type: "text", nullable: false),
                    TemperatureC = table.Column<double>(type: "double precision", nullable: true),
                    SealIntact = table.Column<bool>(type: "boolean", nullable: false),
                    Witness = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_custody_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_custody_events_bags_BagId",
                        column: x => x.BagId,
                        principalTable: "bags",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_adverse_events_PatientId",
                table: "adverse_events",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_bags_AllocatedToPatientId",
                table: "bags",
                column: "AllocatedToPatientId");

            migrationBuilder.CreateIndex(
                name: "IX_bags_Din",
                table: "bags",
                column: "Din",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bags_LotId",
                table: "bags",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_biopsies_PatientId",
                table: "biopsies",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_custody_events_BagId",
                table: "custody_events",
                column: "BagId");

            migrationBuilder.CreateIndex(
                name: "IX_release_results_LotId",
                table: "release_results",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_vital_signs_PatientId",
                table: "vital_signs",
                column: "PatientId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "adverse_events");

            migrationBuilder.DropTable(
                name: "biopsies");

            migrationBuilder.DropTable(
                name: "custody_events");

            migrationBuilder.DropTable(
                name: "release_results");

            migrationBuilder.DropTable(
                name: "vital_signs");

            migrationBuilder.DropTable(
                name: "bags");

            migrationBuilder.DropTable(
                name: "msc_lots");
        }
    }
}
