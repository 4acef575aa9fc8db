using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
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
                    Id = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: false),
                    SampleId = table.Column<string>(type: "text", nullable: false),
                    Ordinal = table.Column<int>(type: "integer", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Locus = table.Column<string>(type: "text", nullable: true),
                    Allele = table.Column<string>(type: "text", nullable: true),
                    NewAllele = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AtOffsetMinutes = table.Column<int>(type: "integer", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "str_call_reviews");
        }
    }
}
