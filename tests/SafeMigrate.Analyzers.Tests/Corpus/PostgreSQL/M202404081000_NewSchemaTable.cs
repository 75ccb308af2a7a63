// expect: none
using FluentMigrator;

namespace Shop.Migrations
{
    [Migration(202404081000)]
    public class CreateReportingSnapshots : Migration
    {
        public override void Up()
        {
            Create.Schema("reporting");
            Create.Table("daily_sales").InSchema("reporting")
                .WithColumn("day").AsDate().PrimaryKey()
                .WithColumn("store_id").AsInt32().NotNullable()
                .WithColumn("revenue").AsDecimal(14, 2).NotNullable();

            Create.Index("ix_daily_sales_store").OnTable("daily_sales").InSchema("reporting").OnColumn("store_id").Ascending();
            Create.ForeignKey("fk_daily_sales_store").FromTable("daily_sales").InSchema("reporting").ForeignColumn("store_id")
                .ToTable("stores").InSchema("public").PrimaryColumn("id");
        }

        public override void Down()
        {
            Delete.Table("daily_sales").InSchema("reporting");
            Delete.Schema("reporting");
        }
    }
}
