using System;
using FluentMigrator;

namespace Shop.Migrations.Infrastructure
{
    /// <summary>Base class of the shop's migrations: forward-only, with the helpers every team member uses.</summary>
    public abstract class ShopMigration : Migration
    {
        protected const string Schema = "shop";

        /// <summary>created_at / updated_at on every table.</summary>
        protected void AddAuditColumns(string table)
        {
            Alter.Table(table).InSchema(Schema)
                .AddColumn("created_at").AsDateTime().NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime)
                .AddColumn("updated_at").AsDateTime().Nullable();
        }

        /// <summary>Multi-tenancy: every table gets the tenant it belongs to.</summary>
        protected void AddTenantColumn(string table)
        {
            Alter.Table(table).InSchema(Schema).AddColumn("tenant_id").AsInt32().NotNullable();
        }

        protected void IndexColumn(string table, string column)
        {
            Create.Index($"ix_{table}_{column}").OnTable(table).InSchema(Schema).OnColumn(column).Ascending();
        }

        public override void Down()
        {
            throw new NotSupportedException("Migrations are forward-only: write a new migration instead.");
        }
    }
}
