using FluentMigrator;
using FluentMigrator.Builders.Create.Table;

namespace Shop.Migrations.Infrastructure
{
    public static class TableBuilderExtensions
    {
        public static ICreateTableColumnOptionOrWithColumnSyntax WithIdColumn(this ICreateTableWithColumnSyntax table)
        {
            return table.WithColumn("id").AsInt64().NotNullable().PrimaryKey().Identity();
        }

        public static ICreateTableColumnOptionOrWithColumnSyntax WithTimestamps(this ICreateTableWithColumnSyntax table)
        {
            return table
                .WithColumn("created_at").AsDateTime().NotNullable().WithDefault(SystemMethods.CurrentUTCDateTime)
                .WithColumn("updated_at").AsDateTime().Nullable();
        }
    }
}
