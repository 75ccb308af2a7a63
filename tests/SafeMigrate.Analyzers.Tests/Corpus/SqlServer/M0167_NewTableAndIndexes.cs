// expect: none
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(167)]
    public class CreateCoupons : Migration
    {
        public override void Up()
        {
            Create.Table("Coupons")
                .WithColumn("Id").AsInt32().PrimaryKey().Identity()
                .WithColumn("Code").AsString(32).NotNullable()
                .WithColumn("ValidUntil").AsDateTime2().Nullable();

            Create.Index("IX_Coupons_Code").OnTable("Coupons").OnColumn("Code").Unique();
            Create.Index("IX_Coupons_ValidUntil").OnTable("Coupons").OnColumn("ValidUntil");
            Create.UniqueConstraint("UQ_Coupons_Code").OnTable("Coupons").Column("Code");
        }

        public override void Down()
        {
            Delete.Table("Coupons");
        }
    }
}
