using FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class AddColumnOperationTests
{
    [Migration(1)]
    private sealed class AddNullable : Migration
    {
        public override void Up() => Create.Column("nickname").OnTable("users").AsString(50).Nullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class AddWithConstantDefault : Migration
    {
        public override void Up() => Create.Column("score").OnTable("users").AsInt32().NotNullable().WithDefaultValue(10);

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class AddWithVolatileDefault : Migration
    {
        public override void Up() => Create.Column("token").OnTable("users").AsGuid().NotNullable().WithDefaultValue(RawSql.Insert("gen_random_uuid()"));

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class AddNotNullWithFill : Migration
    {
        public override void Up() => Create.Column("status").OnTable("users").AsString(20).NotNullable().SetExistingRowsTo("active");

        public override void Down() { }
    }

    private static readonly VersionClient OldUsers = new("old", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id");

    [Fact]
    public Task NullableColumn_OldAndNewVersionsShareRows() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new AddNullable()),
        OldUsers,
        new VersionClient("new", "INSERT INTO users (id, email, nickname) VALUES (@id, @value, 'nick')", "SELECT email FROM users WHERE id = @id"));

    [Fact]
    public Task ConstantDefault_OldInsertsTakeTheDefault() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new AddWithConstantDefault()),
        OldUsers,
        new VersionClient("new", "INSERT INTO users (id, email, score) VALUES (@id, @value, 10)", "SELECT email FROM users WHERE id = @id AND score = 10"),
        afterContract: async cs => Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM users WHERE score IS DISTINCT FROM 10 AND id < 1000")));

    [Fact]
    public Task VolatileDefault_AddedWithoutRewriteAndFilledInBatches() => RunAsync(
        Schemas.UuidFunction + Schemas.Users,
        MigrationInstances.Collect(new AddWithVolatileDefault()),
        OldUsers,
        new VersionClient("new", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        afterExpand: async cs =>
        {
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM users WHERE token IS NULL"));
            Assert.Equal(await ScalarAsync(cs, "SELECT count(*) FROM users"), await ScalarAsync(cs, "SELECT count(DISTINCT token) FROM users"));
            Assert.Equal("YES", await ScalarAsync(cs, "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'token'"));
        },
        afterContract: async cs => Assert.Equal("NO", await ScalarAsync(cs, "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'token'")));

    [Fact]
    public Task NotNullWithFill_OldInsertsWorkDuringOverlapAndAreFilledByContract() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new AddNotNullWithFill()),
        OldUsers,
        new VersionClient("new", "INSERT INTO users (id, email, status) VALUES (@id, @value, 'new')", "SELECT email FROM users WHERE id = @id"),
        afterExpand: async cs => Assert.Equal(7L, await ScalarAsync(cs, "SELECT count(*) FROM users WHERE status = 'active'")),
        afterContract: async cs =>
        {
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM users WHERE status IS NULL"));
            Assert.Equal("NO", await ScalarAsync(cs, "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'status'"));
        });
}
