using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ElectronicSignatures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "electronic_signatures",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    SignerUserName = table.Column<string>(type: "text", nullable: false),
                    SignerFullName = table.Column<string>(type: "text", nullable: false),
                    SignedAtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SignedAtOffsetMinutes = table.Column<int>(type: "integer", nullable: false),
                    Meaning = table.Column<string>(type: "text", nullable: false),
                    TableName = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: true),
                    RecordId = table.Column<string>(type: "text", nullable: false),
                    ContentHash = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_electronic_signatures", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_electronic_signatures_TableName_PatientId_RecordId",
                table: "electronic_signatures",
                columns: new[] { "TableName", "PatientId", "RecordId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "electronic_signatures");
        }
    }
}
