using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "record_corrections",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    TableName = table.Column<string>(type: "TEXT", nullable: false),
                    RecordId = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_corrections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_record_corrections_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_record_corrections_PatientId_TableName_RecordId",
                table: "record_corrections",
                columns: new[] { "PatientId", "TableName", "RecordId" });

            // A correction's reason is part of the record: kept, never changed or removed.
            migrationBuilder.Sql("CREATE TRIGGER record_corrections_no_update BEFORE UPDATE ON record_corrections BEGIN SELECT RAISE(ABORT, 'record corrections are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER record_corrections_no_delete BEFORE DELETE ON record_corrections BEGIN SELECT RAISE(ABORT, 'record corrections are append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS record_corrections_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS record_corrections_no_delete;");
            migrationBuilder.DropTable(
                name: "record_corrections");
        }
    }
}
