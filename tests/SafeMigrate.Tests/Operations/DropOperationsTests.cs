using FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class DropOperationsTests
{
    [Migration(1)]
    private sealed class DropEmail : Migration
    {
        public override void Up()
        {
            Delete.Index("ix_users_email").OnTable("users");
            Delete.Column("email").FromTable("users");
        }

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class DropTeams : Migration
    {
        public override void Up() => Delete.Table("teams");

        public override void Down() { }
    }

    [Fact]
    public Task DropColumn_NullableInExpandDroppedInContract() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new DropEmail()),
        new VersionClient("old", "INSERT INTO users (id, email, name) VALUES (@id, 'x', @value)", "SELECT name FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO users (id, name) VALUES (@id, @value)", "SELECT name FROM users WHERE id = @id"),
        afterExpand: async cs => Assert.Equal(1L, await ScalarAsync(cs, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_users_email'")),
        afterContract: async cs => Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email'")),
        // The new version's row has no email: rollback, which makes email NOT NULL again, would stop on it.
        beforeRollback: cs => ExecuteAsync(cs, "UPDATE users SET email = 'filled@example.com' WHERE email IS NULL"));

    [Fact]
    public Task DropTable_OnlyInContract() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new DropTeams()),
        new VersionClient("old", "INSERT INTO teams (id, title) VALUES (@id, @value); INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        afterContract: async cs => Assert.Null(await ScalarAsync(cs, "SELECT to_regclass('teams')::text")));
}
