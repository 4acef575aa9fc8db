using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class BiomarkerSources : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "CviPercent",
                table: "analyte_results",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CviSource",
                table: "analyte_results",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CviPercent",
                table: "analyte_results");

            migrationBuilder.DropColumn(
                name: "CviSource",
                table: "analyte_results");
        }
    }
}
