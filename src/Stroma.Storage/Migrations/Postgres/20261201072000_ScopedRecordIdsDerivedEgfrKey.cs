using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ScopedRecordIdsDerivedEgfrKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_derived_egfr_PatientId_CreatinineLabId",
                table: "derived_egfr",
                columns: new[] { "PatientId", "CreatinineLabId" });

            migrationBuilder.AddForeignKey(
                name: "FK_derived_egfr_lab_results_PatientId_CreatinineLabId",
                table: "derived_egfr",
                columns: new[] { "PatientId", "CreatinineLabId" },
                principalTable: "lab_results",
                principalColumns: new[] { "PatientId", "Id" },
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_derived_egfr_lab_results_PatientId_CreatinineLabId",
                table: "derived_egfr");

            migrationBuilder.DropIndex(
                name: "IX_derived_egfr_PatientId_CreatinineLabId",
                table: "derived_egfr");
        }
    }
}
