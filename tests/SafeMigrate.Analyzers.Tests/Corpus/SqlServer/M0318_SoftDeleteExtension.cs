// expect: SM1005
using FluentMigrator;

namespace Catalog.Migrations
{
    public static class SoftDeleteMigrationExtensions
    {
        public static void AddSoftDelete(this Migration migration, string table)
        {
            migration.Alter.Table(table).InSchema("dbo")
                .AddColumn("IsDeleted").AsBoolean().NotNullable().WithDefaultValue(false)
                .AddColumn("DeletedAt").AsDateTime2().Nullable()
                .AddColumn("DeletedBy").AsString(100).NotNullable();
        }
    }

    [Migration(318)]
    public class SoftDeleteProducts : Migration
    {
        public override void Up()
        {
            this.AddSoftDelete("Products");
        }

        public override void Down()
        {
        }
    }
}
