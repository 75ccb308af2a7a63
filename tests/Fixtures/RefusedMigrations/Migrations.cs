using FluentMigrator;

namespace RefusedMigrations;

[Migration(1, "Create orders")]
public class CreateOrders : Migration
{
    public override void Up() =>
        Create.Table("orders")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("note").AsString(100).Nullable()
            .WithColumn("amount").AsInt32().Nullable();

    public override void Down() => Delete.Table("orders");
}

/// <summary>SM1005: no default and no value for existing rows.</summary>
[Migration(2, "Add a NOT NULL status without default")]
public class AddStatusWithoutDefault : Migration
{
    public override void Up() => Create.Column("status").OnTable("orders").AsString(20).NotNullable();

    public override void Down() => Delete.Column("status").FromTable("orders");
}

/// <summary>SM5001: a GRANT is neither understood nor declared.</summary>
[Migration(3, "Raw SQL without a phase")]
public class RawSqlWithoutPhase : Migration
{
    public override void Up() => Execute.Sql("GRANT SELECT ON orders TO PUBLIC");

    public override void Down()
    {
    }
}

/// <summary>SM5003: an opaque delegate.</summary>
[Migration(4, "Execute.WithConnection")]
public class OpaqueDelegate : Migration
{
    public override void Up() => Execute.WithConnection((connection, transaction) => { });

    public override void Down()
    {
    }
}

/// <summary>SM5005: renamed, then the new name renamed again.</summary>
[Migration(5, "Rename a column twice")]
public class RenameTwice : Migration
{
    public override void Up()
    {
        Rename.Column("note").OnTable("orders").To("memo");
        Rename.Column("memo").OnTable("orders").To("remark");
    }

    public override void Down()
    {
    }
}

/// <summary>SM5006: the renamed column's type changes in the same release.</summary>
[Migration(6, "Rename and alter a column")]
public class RenameAndAlter : Migration
{
    public override void Up()
    {
        Rename.Column("amount").OnTable("orders").To("total");
        Alter.Column("total").OnTable("orders").AsInt64().Nullable();
    }

    public override void Down()
    {
    }
}

/// <summary>SM2008: an identity column on an existing table rewrites it.</summary>
[Migration(7, "Add an identity column")]
public class AddIdentity : Migration
{
    public override void Up() => Create.Column("seq").OnTable("orders").AsInt32().Identity();

    public override void Down() => Delete.Column("seq").FromTable("orders");
}
