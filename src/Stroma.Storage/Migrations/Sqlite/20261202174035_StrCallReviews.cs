using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StrCallReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "str_call_reviews",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    PatientId = table.Column<string>(type: "TEXT", nullable: false),
                    SampleId = table.Column<string>(type: "TEXT", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", nullable: false),
                    Locus = table.Column<string>(type: "TEXT", nullable: true),
                    Allele = table.Column<string>(type: "TEXT", nullable: true),
                    NewAllele = table.Column<string>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AtOffsetMinutes = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_str_call_reviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_str_call_reviews_str_samples_SampleId",
                        column: x => x.SampleId,
                        principalTable: "str_samples",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_str_call_reviews_SampleId_Ordinal",
                table: "str_call_reviews",
                columns: new[] { "SampleId", "Ordinal" },
                unique: true);

            // A review is kept beside the automatic call and never changed or removed: the database itself refuses it.
            migrationBuilder.Sql("CREATE TRIGGER str_call_reviews_no_update BEFORE UPDATE ON str_call_reviews BEGIN SELECT RAISE(ABORT, 'STR call reviews are append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER str_call_reviews_no_delete BEFORE DELETE ON str_call_reviews BEGIN SELECT RAISE(ABORT, 'STR call reviews are append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS str_call_reviews_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS str_call_reviews_no_delete;");
            migrationBuilder.DropTable(
                name: "str_call_reviews");
        }
    }
}
