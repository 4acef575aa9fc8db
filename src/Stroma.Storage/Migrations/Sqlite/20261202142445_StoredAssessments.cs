using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StoredAssessments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "patient_assessments",
                columns: table => new
                {
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<string>(type: "TEXT", nullable: false),
                    Protocol = table.Column<string>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", nullable: false),
                    TargetMetWithoutPlasmapheresis = table.Column<bool>(type: "INTEGER", nullable: false),
                    PlasmapheresisIndependent = table.Column<bool>(type: "INTEGER", nullable: false),
                    Standing = table.Column<string>(type: "TEXT", nullable: false),
                    DayZeroUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LastUpcrUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    FollowUpDueAfterUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    IssuesJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_assessments", x => x.PatientId);
                    table.ForeignKey(
                        name: "FK_patient_assessments_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "patient_assessments");
        }
    }
}
