using FluentMigrator;
using SafeMigrate.FluentMigrator;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>
/// One migration per operation the runner plans, on tables that exist before the release (users, orders, tags,
/// audit_log). Each is planned alone; its name names its golden file.
/// </summary>
internal static class SqlServerOperationMigrations
{
    public static IReadOnlyList<IMigration> All { get; } =
    [
        new AddNullableColumn(), new AddNotNullColumnWithDefault(), new AddColumnWithVolatileDefault(), new AddColumnSetExistingRowsTo(),
        new RenameColumn(), new RenameTable(), new ChangeColumnType(), new SetNotNullOnNewColumn(), new DropColumn(), new DropTable(),
        new CreateIndex(), new CreateUniqueIndexWithInclude(), new DropIndex(), new AddForeignKey(), new DropForeignKey(),
        new AddUniqueConstraint(), new AddPrimaryKey(), new CreateTable(), new UpdateAllRows(), new InsertData(), new RawSqlInPhases(),
        new CreateSchema(), new DropDefault(), new RebuildIndex(),
    ];

    [Migration(1)]
    public sealed class AddNullableColumn : Migration
    {
        public override void Up() => Create.Column("nickname").OnTable("users").AsString(50).Nullable();

        public override void Down() { }
    }

    [Migration(2)]
    public sealed class AddNotNullColumnWithDefault : Migration
    {
        public override void Up() => Create.Column("status").OnTable("users").AsString(20).NotNullable().WithDefaultValue("active");

        public override void Down() { }
    }

    [Migration(3)]
    public sealed class AddColumnWithVolatileDefault : Migration
    {
        public override void Up() => Create.Column("token").OnTable("users").AsGuid().NotNullable().WithDefault(SystemMethods.NewSequentialId);

        public override void Down() { }
    }

    [Migration(4)]
    public sealed class AddColumnSetExistingRowsTo : Migration
    {
        public override void Up() => Create.Column("score").OnTable("users").AsInt32().NotNullable().SetExistingRowsTo(0);

        public override void Down() { }
    }

    [Migration(5)]
    public sealed class RenameColumn : Migration
    {
        public override void Up() => Rename.Column("email").OnTable("users").To("email_address");

        public override void Down() { }
    }

    [Migration(6)]
    public sealed class RenameTable : Migration
    {
        public override void Up() => Rename.Table("orders").To("purchases");

        public override void Down() { }
    }

    [Migration(7)]
    public sealed class ChangeColumnType : Migration
    {
        public override void Up() => Alter.Column("name").OnTable("users").AsString(200).NotNullable();

        public override void Down() { }
    }

    [Migration(8)]
    public sealed class SetNotNullOnNewColumn : Migration
    {
        public override void Up()
        {
            Create.Column("phone").OnTable("users").AsString(30).Nullable();
            Alter.Column("phone").OnTable("users").AsString(30).NotNullable();
        }

        public override void Down() { }
    }

    [Migration(9)]
    public sealed class DropColumn : Migration
    {
        public override void Up() => Delete.Column("legacy_code").FromTable("users");

        public override void Down() { }
    }

    [Migration(10)]
    public sealed class DropTable : Migration
    {
        public override void Up() => Delete.Table("audit_log");

        public override void Down() { }
    }

    [Migration(11)]
    public sealed class CreateIndex : Migration
    {
        public override void Up() => Create.Index("ix_users_name").OnTable("users").OnColumn("name").Ascending();

        public override void Down() { }
    }

    [Migration(12)]
    public sealed class CreateUniqueIndexWithInclude : Migration
    {
        public override void Up() => Create.Index("ix_orders_number").OnTable("orders").OnColumn("number").Unique();

        public override void Down() { }
    }

    [Migration(13)]
    public sealed class DropIndex : Migration
    {
        public override void Up() => Delete.Index("ix_users_old").OnTable("users");

        public override void Down() { }
    }

    [Migration(14)]
    public sealed class AddForeignKey : Migration
    {
        public override void Up() =>
            Create.ForeignKey("fk_orders_users").FromTable("orders").ForeignColumn("user_id").ToTable("users").PrimaryColumn("id");

        public override void Down() { }
    }

    [Migration(15)]
    public sealed class DropForeignKey : Migration
    {
        public override void Up() => Delete.ForeignKey("fk_orders_tags").OnTable("orders");

        public override void Down() { }
    }

    [Migration(16)]
    public sealed class AddUniqueConstraint : Migration
    {
        public override void Up() => Create.UniqueConstraint("uq_users_email").OnTable("users").Column("email");

        public override void Down() { }
    }

    [Migration(17)]
    public sealed class AddPrimaryKey : Migration
    {
        public override void Up() => Create.PrimaryKey("pk_tags").OnTable("tags").Column("id");

        public override void Down() { }
    }

    [Migration(18)]
    public sealed class CreateTable : Migration
    {
        public override void Up() =>
            Create.Table("invoices")
                .WithColumn("id").AsInt64().PrimaryKey().Identity()
                .WithColumn("total").AsDecimal(10, 2).NotNullable().WithDefaultValue(0);

        public override void Down() { }
    }

    [Migration(19)]
    public sealed class UpdateAllRows : Migration
    {
        public override void Up() => Update.Table("users").Set(new { nickname = "anonymous" }).AllRows();

        public override void Down() { }
    }

    [Migration(20)]
    public sealed class InsertData : Migration
    {
        public override void Up() => Insert.IntoTable("tags").Row(new { id = 1, name = "new" });

        public override void Down() { }
    }

    [Migration(21)]
    public sealed class RawSqlInPhases : Migration
    {
        public override void Up()
        {
            Execute.SqlInExpand("CREATE INDEX [ix_users_created] ON [dbo].[users] ([created_at]) WITH (ONLINE = ON, RESUMABLE = ON);", "DROP INDEX IF EXISTS [ix_users_created] ON [dbo].[users];");
            Execute.SqlInContract("DROP VIEW IF EXISTS [dbo].[user_summary];");
        }

        public override void Down() { }
    }

    [Migration(22)]
    public sealed class CreateSchema : Migration
    {
        public override void Up() => Create.Schema("billing");

        public override void Down() { }
    }

    [Migration(23)]
    public sealed class DropDefault : Migration
    {
        public override void Up() => Delete.DefaultConstraint().OnTable("users").OnColumn("country");

        public override void Down() { }
    }

    [Migration(24)]
    public sealed class RebuildIndex : Migration
    {
        public override void Up()
        {
            Delete.Index("ix_users_old").OnTable("users");
            Create.Index("ix_users_old").OnTable("users").OnColumn("email").Unique();
        }

        public override void Down() { }
    }
}
