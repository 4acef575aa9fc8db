using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    TableName = table.Column<string>(type: "TEXT", nullable: false),
                    EntityKey = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Before = table.Column<string>(type: "TEXT", nullable: true),
                    After = table.Column<string>(type: "TEXT", nullable: true),
                    PreviousHash = table.Column<string>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "audit_head",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_head", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "patients",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Sex = table.Column<string>(type: "TEXT", nullable: false),
                    PrimaryDisease = table.Column<string>(type: "TEXT", nullable: false),
                    RecurrenceDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IsSynthetic = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patients", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "raw_files",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", nullable: false),
                    MediaType = table.Column<string>(type: "TEXT", nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    StoredAtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_raw_files", x => x.Sha256);
                });

            migrationBuilder.CreateTable(
                name: "clinical_events",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AtOffsetMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_clinical_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_clinical_events_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "drugs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Dose = table.Column<double>(type: "REAL", nullable: true),
                    DoseUnit = table.Column<string>(type: "TEXT", nullable: true),
                    Start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Stop = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_drugs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_drugs_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "msc_infusions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AtOffsetMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    LotId = table.Column<string>(type: "TEXT", nullable: false),
                    CellsPerKilogram = table.Column<double>(type: "REAL", nullable: false),
                    TotalCells = table.Column<double>(type: "REAL", nullable: false),
                    WeightKilograms = table.Column<double>(type: "REAL", nullable: false),
                    Route = table.Column<string>(type: "TEXT", nullable: false),
                    Premedication = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msc_infusions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_msc_infusions_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "patient_identities",
                columns: table => new
                {
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    HospitalNumber = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_identities", x => x.PatientId);
                    table.ForeignKey(
                        name: "FK_patient_identities_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "plasma_exchanges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AtOffsetMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    PlasmaVolumes = table.Column<double>(type: "REAL", nullable: true),
                    VolumeMl = table.Column<double>(type: "REAL", nullable: true),
                    ReplacementFluid = table.Column<string>(type: "TEXT", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plasma_exchanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_plasma_exchanges_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "transplants",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DonorType = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transplants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_transplants_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lab_results",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    Analyte = table.Column<string>(type: "TEXT", nullable: false),
                    SampledAtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SampledAtOffsetMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportedValue = table.Column<double>(type: "REAL", nullable: false),
                    ReportedUnit = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", nullable: false),
                    Loinc = table.Column<string>(type: "TEXT", nullable: true),
                    Specimen = table.Column<string>(type: "TEXT", nullable: false),
                    SourceSha256 = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lab_results_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_lab_results_raw_files_SourceSha256",
                        column: x => x.SourceSha256,
                        principalTable: "raw_files",
                        principalColumn: "Sha256");
                });

            migrationBuilder.CreateTable(
                name: "derived_egfr",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatinineLabId = table.Column<string>(type: "TEXT", nullable: false),
                    HeightLabId = table.Column<string>(type: "TEXT", nullable: true),
                    Equation = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", nullable: false),
                    InputsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_derived_egfr", x => x.Id);
                    table.ForeignKey(
                        name: "FK_derived_egfr_lab_results_CreatinineLabId",
                        column: x => x.CreatinineLabId,
                        principalTable: "lab_results",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_derived_egfr_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_clinical_events_PatientId",
                table: "clinical_events",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_derived_egfr_CreatinineLabId",
                table: "derived_egfr",
                column: "CreatinineLabId");

            migrationBuilder.CreateIndex(
                name: "IX_derived_egfr_PatientId",
                table: "derived_egfr",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_drugs_PatientId",
                table: "drugs",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_lab_results_PatientId_Analyte",
                table: "lab_results",
                columns: new[] { "PatientId", "Analyte" });

            migrationBuilder.CreateIndex(
                name: "IX_lab_results_SourceSha256",
                table: "lab_results",
                column: "SourceSha256");

            migrationBuilder.CreateIndex(
                name: "IX_msc_infusions_PatientId",
                table: "msc_infusions",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_plasma_exchanges_PatientId",
                table: "plasma_exchanges",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_transplants_PatientId",
                table: "transplants",
                column: "PatientId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "audit_head");

            migrationBuilder.DropTable(
                name: "clinical_events");

            migrationBuilder.DropTable(
                name: "derived_egfr");

            migrationBuilder.DropTable(
                name: "drugs");

            migrationBuilder.DropTable(
                name: "msc_infusions");

            migrationBuilder.DropTable(
                name: "patient_identities");

            migrationBuilder.DropTable(
                name: "plasma_exchanges");

            migrationBuilder.DropTable(
                name: "transplants");

            migrationBuilder.DropTable(
                name: "lab_results");

            migrationBuilder.DropTable(
                name: "patients");

            migrationBuilder.DropTable(
                name: "raw_files");
        }
    }
}
