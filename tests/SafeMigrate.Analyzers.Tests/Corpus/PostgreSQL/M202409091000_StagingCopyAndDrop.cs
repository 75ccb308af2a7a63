// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202409091000)]
    public class ImportRegions : Migration
    {
        public override void Up()
        {
            Create.Table("regions_import")
                .WithColumn("code").AsString(8).PrimaryKey()
                .WithColumn("name").AsString(100).NotNullable();

            Execute.Sql("INSERT INTO regions_import (code, name) VALUES ('NO', 'North'), ('SO', 'South');");
            Execute.Sql("INSERT INTO regions (code, name) SELECT code, name FROM regions_import ON CONFLICT (code) DO NOTHING;");
            Delete.Table("regions_import");
        }

        public override void Down()
        {
        }
    }
}
