using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Stroma.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneUseAuthenticatorCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts_totp_steps",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Step = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_accounts_totp_steps", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_accounts_totp_steps_accounts_users_UserId",
                        column: x => x.UserId,
                        principalTable: "accounts_users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "accounts_totp_steps");
        }
    }
}
