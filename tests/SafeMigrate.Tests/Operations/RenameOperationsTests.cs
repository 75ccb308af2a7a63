using FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class RenameOperationsTests
{
    [Migration(1)]
    private sealed class RenameEmail : Migration
    {
        public override void Up() => Rename.Column("email").OnTable("users").To("email_address");

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class RenameUsers : Migration
    {
        public override void Up() => Rename.Table("users").To("members");

        public override void Down() { }
    }

    [Fact]
    public Task RenameColumn_SyncedBothWaysAndIndexCopied() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new RenameEmail()),
        new VersionClient("old", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO users (id, email_address) VALUES (@id, @value)", "SELECT email_address FROM users WHERE id = @id"),
        afterExpand: async cs =>
        {
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM users WHERE email_address IS DISTINCT FROM email"));
            // An update through either name is seen through the other.
            await ExecuteAsync(cs, "UPDATE users SET email = 'changed-old@x' WHERE id = 1; UPDATE users SET email_address = 'changed-new@x' WHERE id = 2;");
            Assert.Equal("changed-old@x", await ScalarAsync(cs, "SELECT email_address FROM users WHERE id = 1"));
            Assert.Equal("changed-new@x", await ScalarAsync(cs, "SELECT email FROM users WHERE id = 2"));
            Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM pg_indexes WHERE tablename = 'users' AND indexdef LIKE '%(email_address)%'"));
        },
        afterContract: async cs => Assert.Equal("changed-old@x", await ScalarAsync(cs, "SELECT email_address FROM users WHERE id = 1")));

    [Fact]
    public Task RenameTable_OldNameKeptAsUpdatableView() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new RenameUsers()),
        new VersionClient("old", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO members (id, email) VALUES (@id, @value)", "SELECT email FROM members WHERE id = @id"),
        afterExpand: async cs =>
        {
            await ExecuteAsync(cs, "UPDATE users SET name = 'via view' WHERE id = 3; DELETE FROM users WHERE id = 4;");
            Assert.Equal("via view", await ScalarAsync(cs, "SELECT name FROM members WHERE id = 3"));
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM members WHERE id = 4"));
        });
}
