using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditKeyedIdentityStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IdentityRef",
                table: "patient_identities",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "DatabaseId",
                table: "audit_head",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "KeyId",
                table: "audit_head",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mac",
                table: "audit_head",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mac",
                table: "audit_entries",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "patient_identity_audit",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    AtUtc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    PatientId = table.Column<string>(type: "text", nullable: false),
                    IdentityRef = table.Column<string>(type: "text", nullable: false),
                    Action = table.Column<string>(type: "text", nullable: false),
                    Fields = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: true),
                    ContentMac = table.Column<string>(type: "text", nullable: true),
                    PreviousHash = table.Column<string>(type: "text", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false),
                    Mac = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patient_identity_audit", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "settings",
                columns: table => new
                {
                    Key = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settings", x => x.Key);
                });

            AuditKeyedSql.FillIdentityRefs(migrationBuilder);

            migrationBuilder.CreateIndex(
                name: "IX_patient_identities_IdentityRef",
                table: "patient_identities",
                column: "IdentityRef",
                unique: true);

            AuditKeyedSql.PostgresUp(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            AuditKeyedSql.PostgresDown(migrationBuilder);

            migrationBuilder.DropTable(
                name: "patient_identity_audit");

            migrationBuilder.DropTable(
                name: "settings");

            migrationBuilder.DropIndex(
                name: "IX_patient_identities_IdentityRef",
                table: "patient_identities");

            migrationBuilder.DropColumn(
                name: "IdentityRef",
                table: "patient_identities");

            migrationBuilder.DropColumn(
                name: "DatabaseId",
                table: "audit_head");

            migrationBuilder.DropColumn(
                name: "KeyId",
                table: "audit_head");

            migrationBuilder.DropColumn(
                name: "Mac",
                table: "audit_head");

            migrationBuilder.DropColumn(
                name: "Mac",
                table: "audit_entries");
        }
    }
}
