using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Sqlite
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
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    SignerUserName = table.Column<string>(type: "TEXT", nullable: false),
                    SignerFullName = table.Column<string>(type: "TEXT", nullable: false),
                    SignedAtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SignedAtOffsetMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Meaning = table.Column<string>(type: "TEXT", nullable: false),
                    TableName = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: true),
                    RecordId = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_electronic_signatures", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_electronic_signatures_TableName_PatientId_RecordId",
                table: "electronic_signatures",
                columns: new[] { "TableName", "PatientId", "RecordId" });

            // A signature is never changed or removed: a new signature is made instead (the audit trail records each).
            migrationBuilder.Sql("CREATE TRIGGER electronic_signatures_no_update BEFORE UPDATE ON electronic_signatures BEGIN SELECT RAISE(ABORT, 'electronic signatures are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER electronic_signatures_no_delete BEFORE DELETE ON electronic_signatures BEGIN SELECT RAISE(ABORT, 'electronic signatures are append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS electronic_signatures_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS electronic_signatures_no_delete;");
            migrationBuilder.DropTable(
                name: "electronic_signatures");
        }
    }
}
