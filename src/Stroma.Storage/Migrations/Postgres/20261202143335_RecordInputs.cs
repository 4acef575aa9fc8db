using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
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
                    Id = table.Column<string>(type: "text", nullable: false),
                    TableName = table.Column<string>(type: "text", nullable: false),
                    RecordKey = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    SourceSha256 = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "record_inputs");
        }
    }
}
