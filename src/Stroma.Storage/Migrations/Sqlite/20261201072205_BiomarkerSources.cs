using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Sqlite
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
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CviSource",
                table: "analyte_results",
                type: "TEXT",
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
