using FluentMigrator;

namespace SqlServerRelease;

[Migration(202501010001, "Rename customers.email to email_address")]
public sealed class RenameCustomerEmail : Migration
{
    public override void Up() => Rename.Column("email").OnTable("customers").To("email_address");

    public override void Down() => Rename.Column("email_address").OnTable("customers").To("email");
}

[Migration(202501010002, "Orders get a status")]
public sealed class AddOrderStatus : Migration
{
    public override void Up() => Create.Column("status").OnTable("orders").AsString(20).NotNullable().WithDefaultValue("new");

    public override void Down() => Delete.Column("status").FromTable("orders");
}

[Migration(202501010003, "Index orders by customer")]
public sealed class IndexOrdersByCustomer : Migration
{
    public override void Up() => Create.Index("ix_orders_customer_id").OnTable("orders").OnColumn("customer_id").Ascending();

    public override void Down() => Delete.Index("ix_orders_customer_id").OnTable("orders");
}

[Migration(202501010004, "Orders reference customers")]
public sealed class OrdersReferenceCustomers : Migration
{
    public override void Up() =>
        Create.ForeignKey("fk_orders_customers").FromTable("orders").ForeignColumn("customer_id").ToTable("customers").PrimaryColumn("id");

    public override void Down() => Delete.ForeignKey("fk_orders_customers").OnTable("orders");
}

[Migration(202501010005, "Customers lose their fax number")]
public sealed class DropCustomerFax : Migration
{
    public override void Up() => Delete.Column("fax").FromTable("customers");

    public override void Down() => Create.Column("fax").OnTable("customers").AsString(30).Nullable();
}

[Migration(202501010006, "Products become catalog items")]
public sealed class RenameProducts : Migration
{
    public override void Up() => Rename.Table("products").To("catalog_items");

    public override void Down() => Rename.Table("catalog_items").To("products");
}

[Migration(202501010007, "Longer customer names")]
public sealed class WidenCustomerName : Migration
{
    public override void Up() => Alter.Column("name").OnTable("customers").AsString(500).NotNullable();

    public override void Down() => Alter.Column("name").OnTable("customers").AsString(100).NotNullable();
}
