using FluentMigrator;

namespace ReleaseMigrations;

[Migration(1, "Create customers and orders")]
public class CreateCustomersAndOrders : Migration
{
    public override void Up()
    {
        // Real histories guard their first migrations this way; SafeMigrate answers from the database (or, offline,
        // from the earlier migrations), and never runs an applied migration's Up() again.
        if (Schema.Table("customers").Exists())
        {
            return;
        }

        Create.Table("customers")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString(100).NotNullable()
            .WithColumn("email").AsString(200).Nullable()
            .WithColumn("legacy_code").AsString(20).Nullable();
        Create.Table("orders")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt64().NotNullable()
            .WithColumn("note").AsString(100).Nullable();
    }

    public override void Down()
    {
        Delete.Table("orders");
        Delete.Table("customers");
    }
}

[Migration(2, "Rename customers.email to email_address")]
[Tags("release2")]
public class RenameEmail : Migration
{
    public override void Up() => Rename.Column("email").OnTable("customers").To("email_address");

    public override void Down() => Rename.Column("email_address").OnTable("customers").To("email");
}

[Migration(3, "Add customers.status, NOT NULL with a default")]
[Tags("release2")]
public class AddStatus : Migration
{
    public override void Up() => Create.Column("status").OnTable("customers").AsString(20).NotNullable().WithDefaultValue("active");

    public override void Down() => Delete.Column("status").FromTable("customers");
}

[Migration(4, "Index customers by name")]
[Tags("release2")]
public class IndexCustomerNames : Migration
{
    public override void Up() => Create.Index("ix_customers_name").OnTable("customers").OnColumn("name").Ascending();

    public override void Down() => Delete.Index("ix_customers_name").OnTable("customers");
}

[Migration(5, "Orders reference customers")]
[Tags("release2")]
public class OrdersReferenceCustomers : Migration
{
    public override void Up() =>
        Create.ForeignKey("fk_orders_customer").FromTable("orders").ForeignColumn("customer_id").ToTable("customers").PrimaryColumn("id");

    public override void Down() => Delete.ForeignKey("fk_orders_customer").OnTable("orders");
}

[Migration(6, "Drop customers.legacy_code")]
[Tags("release2")]
public class DropLegacyCode : Migration
{
    public override void Up() => Delete.Column("legacy_code").FromTable("customers");

    public override void Down() => Create.Column("legacy_code").OnTable("customers").AsString(20).Nullable();
}

[Migration(7, "Rename orders to purchases")]
[Tags("release2")]
public class RenameOrders : Migration
{
    public override void Up() => Rename.Table("orders").To("purchases");

    public override void Down() => Rename.Table("purchases").To("orders");
}

[Migration(8, "Widen customers.name to 300")]
[Tags("release2")]
public class WidenName : Migration
{
    public override void Up() => Alter.Column("name").OnTable("customers").AsString(300).NotNullable();

    public override void Down() => Alter.Column("name").OnTable("customers").AsString(100).NotNullable();
}
