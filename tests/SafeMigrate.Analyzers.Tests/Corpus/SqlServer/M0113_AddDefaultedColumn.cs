// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(113)]
    public class AddProductIsActive : Migration
    {
        public override void Up()
        {
            Alter.Table("Products").InSchema("dbo")
                .AddColumn("IsActive").AsBoolean().NotNullable().WithDefaultValue(true)
                .AddColumn("Description").AsString(int.MaxValue).Nullable();
        }

        public override void Down()
        {
            Delete.Column("IsActive").Column("Description").FromTable("Products").InSchema("dbo");
        }
    }
}
