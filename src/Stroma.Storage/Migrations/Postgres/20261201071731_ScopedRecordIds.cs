using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ScopedRecordIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_derived_egfr_lab_results_CreatinineLabId",
                table: "derived_egfr");

            migrationBuilder.DropPrimaryKey(
                name: "PK_transplants",
                table: "transplants");

            migrationBuilder.DropIndex(
                name: "IX_transplants_PatientId",
                table: "transplants");

            migrationBuilder.DropPrimaryKey(
                name: "PK_plasma_exchanges",
                table: "plasma_exchanges");

            migrationBuilder.DropIndex(
                name: "IX_plasma_exchanges_PatientId",
                table: "plasma_exchanges");

            migrationBuilder.DropPrimaryKey(
                name: "PK_msc_infusions",
                table: "msc_infusions");

            migrationBuilder.DropIndex(
                name: "IX_msc_infusions_PatientId",
                table: "msc_infusions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_lab_results",
                table: "lab_results");

            migrationBuilder.DropPrimaryKey(
                name: "PK_drugs",
                table: "drugs");

            migrationBuilder.DropIndex(
                name: "IX_drugs_PatientId",
                table: "drugs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_derived_egfr",
                table: "derived_egfr");

            migrationBuilder.DropIndex(
                name: "IX_derived_egfr_CreatinineLabId",
                table: "derived_egfr");

            migrationBuilder.DropIndex(
                name: "IX_derived_egfr_PatientId",
                table: "derived_egfr");

            migrationBuilder.DropPrimaryKey(
                name: "PK_clinical_events",
                table: "clinical_events");

            migrationBuilder.DropIndex(
                name: "IX_clinical_events_PatientId",
                table: "clinical_events");

            migrationBuilder.AddPrimaryKey(
                name: "PK_transplants",
                table: "transplants",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_plasma_exchanges",
                table: "plasma_exchanges",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_msc_infusions",
                table: "msc_infusions",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_lab_results",
                table: "lab_results",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_drugs",
                table: "drugs",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_derived_egfr",
                table: "derived_egfr",
                columns: new[] { "PatientId", "Id" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_clinical_events",
                table: "clinical_events",
                columns: new[] { "PatientId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_transplants",
                table: "transplants");

            migrationBuilder.DropPrimaryKey(
                name: "PK_plasma_exchanges",
                table: "plasma_exchanges");

            migrationBuilder.DropPrimaryKey(
                name: "PK_msc_infusions",
                table: "msc_infusions");

            migrationBuilder.DropPrimaryKey(
                name: "PK_lab_results",
                table: "lab_results");

            migrationBuilder.DropPrimaryKey(
                name: "PK_drugs",
                table: "drugs");

            migrationBuilder.DropPrimaryKey(
                name: "PK_derived_egfr",
                table: "derived_egfr");

            migrationBuilder.DropPrimaryKey(
                name: "PK_clinical_events",
                table: "clinical_events");

            migrationBuilder.AddPrimaryKey(
                name: "PK_transplants",
                table: "transplants",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_plasma_exchanges",
                table: "plasma_exchanges",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_msc_infusions",
                table: "msc_infusions",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_lab_results",
                table: "lab_results",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_drugs",
                table: "drugs",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_derived_egfr",
                table: "derived_egfr",
                column: "Id");

            migrationBuilder.AddPrimaryKey(
                name: "PK_clinical_events",
                table: "clinical_events",
                column: "Id");

            migrationBuilder.CreateIndex(
                name: "IX_transplants_PatientId",
                table: "transplants",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_plasma_exchanges_PatientId",
                table: "plasma_exchanges",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_msc_infusions_PatientId",
                table: "msc_infusions",
                column: "PatientId");

            migrationBuilder.CreateIndex(
                name: "IX_drugs_PatientId",
                table: "drugs",
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
                name: "IX_clinical_events_PatientId",
                table: "clinical_events",
                column: "PatientId");

            migrationBuilder.AddForeignKey(
                name: "FK_derived_egfr_lab_results_CreatinineLabId",
                table: "derived_egfr",
                column: "CreatinineLabId",
                principalTable: "lab_results",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
