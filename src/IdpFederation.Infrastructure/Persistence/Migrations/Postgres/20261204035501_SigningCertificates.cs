using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpFederation.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SigningCertificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "signing_certificates",
                columns: table => new
                {
                    thumbprint = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    protected_pfx = table.Column<string>(type: "character varying(32768)", maxLength: 32768, nullable: false),
                    subject = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    not_before_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    not_after_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    promoted_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    retired_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signing_certificates", x => x.thumbprint);
                });

            migrationBuilder.CreateIndex(
                name: "IX_signing_certificates_state",
                table: "signing_certificates",
                column: "state",
                unique: true,
                filter: "state <> 'Retired'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "signing_certificates");
        }
    }
}
