using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordInputs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "record_inputs",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    TableName = table.Column<string>(type: "TEXT", nullable: false),
                    RecordKey = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    SourceSha256 = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_inputs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_record_inputs_raw_files_SourceSha256",
                        column: x => x.SourceSha256,
                        principalTable: "raw_files",
                        principalColumn: "Sha256",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_record_inputs_SourceSha256",
                table: "record_inputs",
                column: "SourceSha256");

            migrationBuilder.CreateIndex(
                name: "IX_record_inputs_TableName_RecordKey",
                table: "record_inputs",
                columns: new[] { "TableName", "RecordKey" });

            // Which input a record was written from is history: append-only, as record_corrections is.
            migrationBuilder.Sql("CREATE TRIGGER record_inputs_no_update BEFORE UPDATE ON record_inputs BEGIN SELECT RAISE(ABORT, 'record inputs are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER record_inputs_no_delete BEFORE DELETE ON record_inputs BEGIN SELECT RAISE(ABORT, 'record inputs are append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS record_inputs_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS record_inputs_no_delete;");
            migrationBuilder.DropTable(
                name: "record_inputs");
        }
    }
}
