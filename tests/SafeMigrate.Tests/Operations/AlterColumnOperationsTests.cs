using FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class AlterColumnOperationsTests
{
    [Migration(1)]
    private sealed class WidenAge : Migration
    {
        public override void Up() => Alter.Column("age").OnTable("users").AsInt64().Nullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class NameNotNull : Migration
    {
        public override void Up() => Alter.Column("name").OnTable("users").AsString().NotNullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class EmailNullable : Migration
    {
        public override void Up() => Alter.Column("email").OnTable("users").AsString(200).Nullable();

        public override void Down() { }
    }

    [Fact]
    public Task ChangeType_ShadowColumnConvertedAndSwapped() => RunAsync(
        Schemas.Users + "CREATE INDEX ix_users_age ON users (age);",
        MigrationInstances.Collect(new WidenAge()),
        new VersionClient("old", "INSERT INTO users (id, email, age) VALUES (@id, 'x', @value)", "SELECT age FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO users (id, email, age) VALUES (@id, 'x', @value)", "SELECT age FROM users WHERE id = @id"),
        value: id => (id * 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
        afterExpand: async cs => Assert.Equal("integer", await ScalarAsync(cs, "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'age'")),
        afterContract: async cs =>
        {
            Assert.Equal("bigint", await ScalarAsync(cs, "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'age'"));
            Assert.Equal(5L, await ScalarAsync(cs, "SELECT age FROM users WHERE id = 5"));
        });

    [Fact]
    public Task SetNotNull_OnlyInContractThroughValidatedCheck() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new NameNotNull()),
        new VersionClient("old", "INSERT INTO users (id, email, name) VALUES (@id, 'x', @value)", "SELECT name FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO users (id, email, name) VALUES (@id, 'x', @value)", "SELECT name FROM users WHERE id = @id"),
        afterExpand: async cs => Assert.Equal("YES", await ScalarAsync(cs, "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'name'")),
        afterContract: async cs => Assert.Equal("NO", await ScalarAsync(cs, "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'name'")));

    [Fact]
    public Task DropNotNull_InExpandSoNewInsertsMayOmitIt() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new EmailNullable()),
        new VersionClient("old", "INSERT INTO users (id, email, name) VALUES (@id, 'x', @value)", "SELECT name FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO users (id, name) VALUES (@id, @value)", "SELECT name FROM users WHERE id = @id"));
}
