using System.Globalization;
using FluentMigrator;

namespace SafeMigrate.Tests.Providers.SqlServer.Live;

/// <summary>
/// The operations the SQL Server release harness takes through expand → rollback → expand → contract, each on the schema
/// of <see cref="BeforeRelease"/> (applied with plain FluentMigrator): users (with an index on email and a NOT NULL column
/// without default), orders, and order_lines with a composite primary key for the batched backfills.
/// </summary>
internal static class SqlServerReleaseCases
{
    /// <summary>The old version's users client: it still writes legacy_code, which is NOT NULL without default before the release.</summary>
    private static readonly SqlServerVersionClient OldUsers = new(
        "old",
        "INSERT INTO [dbo].[users] ([id], [name], [email], [legacy_code]) VALUES (@id, N'old', @value, N'L');",
        "SELECT [email] FROM [dbo].[users] WHERE [id] = @id;");

    private static readonly SqlServerVersionClient OldOrders = new(
        "old",
        "INSERT INTO [dbo].[orders] ([id], [user_id], [number]) VALUES (@id, 1, @value);",
        "SELECT [number] FROM [dbo].[orders] WHERE [id] = @id;");

    private static readonly SqlServerVersionClient OldOrderLines = new(
        "old",
        "INSERT INTO [dbo].[order_lines] ([order_id], [line_no], [quantity]) VALUES (@id, 1, @value);",
        "SELECT [quantity] FROM [dbo].[order_lines] WHERE [order_id] = @id AND [line_no] = 1;");

    /// <summary>Quantities for order_lines rows: an integer the server converts from the nvarchar parameter.</summary>
    private static string Quantity(int id) => (id % 1000).ToString(CultureInfo.InvariantCulture);

    private static SqlServerCheck ColumnCount(string description, string table, string column, string condition = "1 = 1") => new(
        description,
        $"SELECT COUNT(*) FROM sys.columns WHERE object_id = OBJECT_ID(N'[dbo].[{table}]') AND name = N'{column}' AND {condition};",
        1);

    public static SqlServerReleaseCase AddNullableColumn { get; } = new(
        nameof(AddNullableColumn),
        new AddNickname(),
        OldUsers,
        new("new", "INSERT INTO [dbo].[users] ([id], [name], [email], [legacy_code], [nickname]) VALUES (@id, N'new', @value, N'L', N'nick');", OldUsers.ReadSql),
        [ColumnCount("nickname added during expand, nullable", "users", "nickname", "is_nullable = 1")],
        []);

    public static SqlServerReleaseCase AddNotNullColumnWithDefault { get; } = new(
        nameof(AddNotNullColumnWithDefault),
        new AddStatus(),
        OldUsers,
        new("new", "INSERT INTO [dbo].[users] ([id], [name], [email], [legacy_code], [status]) VALUES (@id, N'new', @value, N'L', N'new');", OldUsers.ReadSql),
        [],
        [
            new("rows of the old version (before and during the overlap) hold the default",
                "SELECT COUNT(*) FROM [dbo].[users] WHERE [name] <> N'new' AND ([status] IS NULL OR [status] <> N'active');", 0),
            ColumnCount("status is NOT NULL after contract", "users", "status", "is_nullable = 0"),
        ]);

    public static SqlServerReleaseCase RenameColumn { get; } = new(
        nameof(RenameColumn),
        new RenameEmail(),
        OldUsers,
        new("new", "INSERT INTO [dbo].[users] ([id], [name], [email_address], [legacy_code]) VALUES (@id, N'new', @value, N'L');",
            "SELECT [email_address] FROM [dbo].[users] WHERE [id] = @id;"),
        [
            new("email and email_address agree on every row",
                "SELECT COUNT(*) FROM [dbo].[users] WHERE EXISTS (SELECT [email] EXCEPT SELECT [email_address]);", 0),
            new("the index on email is copied onto email_address",
                """
                SELECT COUNT(*)
                FROM sys.index_columns AS ic
                JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                JOIN sys.indexes AS i ON i.object_id = ic.object_id AND i.index_id = ic.index_id
                WHERE ic.object_id = OBJECT_ID(N'[dbo].[users]') AND c.name = N'email_address' AND i.is_primary_key = 0;
                """, 1),
        ],
        [
            new("ix_users_email is on email_address under its own name",
                """
                SELECT COUNT(*)
                FROM sys.index_columns AS ic
                JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
                JOIN sys.indexes AS i ON i.object_id = ic.object_id AND i.index_id = ic.index_id
                WHERE ic.object_id = OBJECT_ID(N'[dbo].[users]') AND i.name = N'ix_users_email' AND c.name = N'email_address';
                """, 1),
        ]);

    public static SqlServerReleaseCase RenameTable { get; } = new(
        nameof(RenameTable),
        new RenameOrders(),
        OldOrders,
        new("new", "INSERT INTO [dbo].[purchases] ([id], [user_id], [number]) VALUES (@id, 1, @value);",
            "SELECT [number] FROM [dbo].[purchases] WHERE [id] = @id;"),
        [new("the old name is kept as a synonym", "SELECT COUNT(*) FROM sys.synonyms WHERE [schema_id] = SCHEMA_ID(N'dbo') AND name = N'orders';", 1)],
        [new("the synonym is gone", "SELECT COUNT(*) FROM sys.synonyms WHERE [schema_id] = SCHEMA_ID(N'dbo') AND name = N'orders';", 0)]);

    public static SqlServerReleaseCase DropColumn { get; } = new(
        nameof(DropColumn),
        new DropLegacyCode(),
        OldUsers,
        new("new", "INSERT INTO [dbo].[users] ([id], [name], [email]) VALUES (@id, N'new', @value);", OldUsers.ReadSql),
        [ColumnCount("legacy_code made nullable for the new version's inserts", "users", "legacy_code", "is_nullable = 1")],
        [new("legacy_code is gone", "SELECT COUNT(*) FROM sys.columns WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = N'legacy_code';", 0)]);

    public static SqlServerReleaseCase CreateIndex { get; } = new(
        nameof(CreateIndex),
        new IndexUserNames(),
        OldUsers,
        OldUsers with { Name = "new" },
        [new("ix_users_name exists", "SELECT COUNT(*) FROM sys.indexes WHERE object_id = OBJECT_ID(N'[dbo].[users]') AND name = N'ix_users_name' AND is_disabled = 0;", 1)],
        []);

    public static SqlServerReleaseCase AddForeignKey { get; } = new(
        nameof(AddForeignKey),
        new ReferenceUsers(),
        OldOrders,
        OldOrders with { Name = "new" },
        [new("fk_orders_users exists and is enabled", "SELECT COUNT(*) FROM sys.foreign_keys WHERE name = N'fk_orders_users' AND is_disabled = 0;", 1)],
        // docs/sqlserver.md: added WITH NOCHECK (no scan), the key stays untrusted; the schema comparison leaves trust aside.
        [new("fk_orders_users stays untrusted (documented)", "SELECT COUNT(*) FROM sys.foreign_keys WHERE name = N'fk_orders_users' AND is_not_trusted = 1;", 1)]);

    public static SqlServerReleaseCase UpdateAllRowsOnCompositeKey { get; } = new(
        nameof(UpdateAllRowsOnCompositeKey),
        new CheckAllLines(),
        OldOrderLines,
        OldOrderLines with { Name = "new" },
        [new("every line that existed before the release is updated (9 rows, batches of 2, key (order_id, line_no))",
            "SELECT COUNT(*) FROM [dbo].[order_lines] WHERE [order_id] < 1000 AND ([note] IS NULL OR [note] <> N'checked');", 0)],
        [],
        Quantity);

    public static SqlServerReleaseCase SetExistingRowsToOnCompositeKey { get; } = new(
        nameof(SetExistingRowsToOnCompositeKey),
        new AddWeight(),
        OldOrderLines,
        new("new", "INSERT INTO [dbo].[order_lines] ([order_id], [line_no], [quantity], [weight]) VALUES (@id, 1, @value, 5);", OldOrderLines.ReadSql),
        [new("every line that existed before the release has weight 0",
            "SELECT COUNT(*) FROM [dbo].[order_lines] WHERE [order_id] < 1000 AND ([weight] IS NULL OR [weight] <> 0);", 0)],
        [
            new("lines the old version wrote during the overlap are filled", "SELECT COUNT(*) FROM [dbo].[order_lines] WHERE [weight] IS NULL;", 0),
            ColumnCount("weight is NOT NULL after contract", "order_lines", "weight", "is_nullable = 0"),
        ],
        Quantity);

    public static IReadOnlyList<SqlServerReleaseCase> All { get; } =
    [
        AddNullableColumn, AddNotNullColumnWithDefault, RenameColumn, RenameTable, DropColumn, CreateIndex, AddForeignKey,
        UpdateAllRowsOnCompositeKey, SetExistingRowsToOnCompositeKey,
    ];

    /// <summary>The schema and rows the old version runs on, applied with plain FluentMigrator (never through SafeMigrate).</summary>
    [Migration(1)]
    public sealed class BeforeRelease : Migration
    {
        public override void Up()
        {
            Create.Table("users")
                .WithColumn("id").AsInt32().NotNullable().PrimaryKey()
                .WithColumn("name").AsString(100).NotNullable()
                .WithColumn("email").AsString(255).Nullable()
                .WithColumn("legacy_code").AsString(20).NotNullable();
            Create.Index("ix_users_email").OnTable("users").OnColumn("email").Ascending();
            Create.Table("orders")
                .WithColumn("id").AsInt32().NotNullable().PrimaryKey()
                .WithColumn("user_id").AsInt32().NotNullable()
                .WithColumn("number").AsString(20).NotNullable();
            Create.Table("order_lines")
                .WithColumn("order_id").AsInt32().NotNullable().PrimaryKey()
                .WithColumn("line_no").AsInt32().NotNullable().PrimaryKey()
                .WithColumn("quantity").AsInt32().NotNullable()
                .WithColumn("note").AsString(50).Nullable();
            for (var id = 1; id <= 5; id++)
            {
                Insert.IntoTable("users").Row(new { id, name = $"user {id}", email = $"u{id}@example.com", legacy_code = $"L{id}" });
                Insert.IntoTable("orders").Row(new { id, user_id = id, number = $"N-{id}" });
            }

            // Nine lines over three orders: with batches of two the backfill's keyset walk crosses order boundaries.
            for (var order = 1; order <= 3; order++)
            {
                for (var line = 1; line <= 3; line++)
                {
                    Insert.IntoTable("order_lines").Row(new { order_id = order, line_no = line, quantity = order * 10 + line });
                }
            }
        }

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class AddNickname : Migration
    {
        public override void Up() => Create.Column("nickname").OnTable("users").AsString(50).Nullable();

        public override void Down() { }
    }

    [Migration(3)]
    private sealed class AddStatus : Migration
    {
        public override void Up() => Create.Column("status").OnTable("users").AsString(20).NotNullable().WithDefaultValue("active");

        public override void Down() { }
    }

    [Migration(4)]
    private sealed class RenameEmail : Migration
    {
        public override void Up() => Rename.Column("email").OnTable("users").To("email_address");

        public override void Down() { }
    }

    [Migration(5)]
    private sealed class RenameOrders : Migration
    {
        public override void Up() => Rename.Table("orders").To("purchases");

        public override void Down() { }
    }

    [Migration(6)]
    private sealed class DropLegacyCode : Migration
    {
        public override void Up() => Delete.Column("legacy_code").FromTable("users");

        public override void Down() { }
    }

    [Migration(7)]
    private sealed class IndexUserNames : Migration
    {
        public override void Up() => Create.Index("ix_users_name").OnTable("users").OnColumn("name").Ascending();

        public override void Down() { }
    }

    [Migration(8)]
    private sealed class ReferenceUsers : Migration
    {
        public override void Up() =>
            Create.ForeignKey("fk_orders_users").FromTable("orders").ForeignColumn("user_id").ToTable("users").PrimaryColumn("id");

        public override void Down() { }
    }

    [Migration(9)]
    private sealed class CheckAllLines : Migration
    {
        public override void Up() => Update.Table("order_lines").Set(new { note = "checked" }).AllRows();

        public override void Down() { }
    }

    [Migration(10)]
    private sealed class AddWeight : Migration
    {
        public override void Up() => Create.Column("weight").OnTable("order_lines").AsInt32().NotNullable().SetExistingRowsTo(0);

        public override void Down() { }
    }
}
