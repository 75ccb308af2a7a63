// expect: SM2004
using FluentMigrator;

namespace Catalog.Migrations
{
    [Migration(307)]
    public class SalesChannels : Migration
    {
        public override void Up()
        {
            Create.Table("Channels").InSchema("dbo")
                .WithColumn("Id").AsInt32().PrimaryKey()
                .WithColumn("Name").AsString(50).NotNullable();

            Insert.IntoTable("Channels").InSchema("dbo")
                .Row(new { Id = 1, Name = "Web" })
                .Row(new { Id = 2, Name = "Store" });

            Alter.Table("Orders").InSchema("dbo").AddColumn("ChannelId").AsInt32().Nullable();
            Create.ForeignKey("FK_Orders_Channels")
                .FromTable("Orders").InSchema("dbo").ForeignColumn("ChannelId")
                .ToTable("Channels").InSchema("dbo").PrimaryColumn("Id");
        }

        public override void Down()
        {
        }
    }
}
