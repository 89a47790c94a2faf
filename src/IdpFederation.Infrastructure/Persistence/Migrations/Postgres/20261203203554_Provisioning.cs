using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace IdpFederation.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Provisioning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "needs_onboarding",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "onboarding_tokens",
                columns: table => new
                {
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    used_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_onboarding_tokens", x => x.token_hash);
                    table.ForeignKey(
                        name: "FK_onboarding_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "provisioned_users",
                columns: table => new
                {
                    tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    immutable_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    cloud_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_principal_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    assigned_sku_ids = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provisioned_users", x => new { x.tenant, x.immutable_id });
                });

            migrationBuilder.CreateTable(
                name: "provisioning_leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    holder = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    expires_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provisioning_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "provisioning_outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    change = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_principal_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    immutable_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    not_before_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provisioning_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "provisioning_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    trigger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    dry_run = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    started_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    finished_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    throttle_wait_ms = table.Column<long>(type: "bigint", nullable: false),
                    message = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provisioning_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "provisioning_values",
                columns: table => new
                {
                    tenant = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provisioning_values", x => new { x.tenant, x.key });
                });

            migrationBuilder.CreateTable(
                name: "provisioning_run_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    run_id = table.Column<long>(type: "bigint", nullable: false),
                    user_principal_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    immutable_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    detail = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    error_code = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    error_message = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_provisioning_run_items", x => x.id);
                    table.ForeignKey(
                        name: "FK_provisioning_run_items_provisioning_runs_run_id",
                        column: x => x.run_id,
                        principalTable: "provisioning_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_onboarding_tokens_user_id",
                table: "onboarding_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_provisioning_outbox_not_before_utc",
                table: "provisioning_outbox",
                column: "not_before_utc");

            migrationBuilder.CreateIndex(
                name: "IX_provisioning_run_items_run_id",
                table: "provisioning_run_items",
                column: "run_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "onboarding_tokens");

            migrationBuilder.DropTable(
                name: "provisioned_users");

            migrationBuilder.DropTable(
                name: "provisioning_leases");

            migrationBuilder.DropTable(
                name: "provisioning_outbox");

            migrationBuilder.DropTable(
                name: "provisioning_run_items");

            migrationBuilder.DropTable(
                name: "provisioning_values");

            migrationBuilder.DropTable(
                name: "provisioning_runs");

            migrationBuilder.DropColumn(
                name: "needs_onboarding",
                table: "users");
        }
    }
}
