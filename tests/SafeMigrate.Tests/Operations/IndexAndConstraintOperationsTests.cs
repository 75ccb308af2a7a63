using FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class IndexAndConstraintOperationsTests
{
    private static readonly VersionClient Old = new("old", "INSERT INTO users (id, email, name) VALUES (@id, @value, 'n')", "SELECT email FROM users WHERE id = @id");
    private static readonly VersionClient New = new("new", "INSERT INTO users (id, email, name) VALUES (@id, @value, 'n')", "SELECT email FROM users WHERE id = @id");

    [Migration(1)]
    private sealed class IndexName : Migration
    {
        public override void Up()
        {
            Create.Index("ix_users_name").OnTable("users").OnColumn("name");
            Create.Index("ux_users_email").OnTable("users").OnColumn("email").Unique();
        }

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class UniqueEmail : Migration
    {
        public override void Up() => Create.UniqueConstraint("uq_users_email").OnTable("users").Column("email");

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class TeamPrimaryKey : Migration
    {
        public override void Up() => Create.PrimaryKey("pk_memberships").OnTable("memberships").Columns("user_id", "team_id");

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class UserTeamForeignKey : Migration
    {
        public override void Up()
        {
            Create.Column("team_id").OnTable("users").AsInt32().Nullable();
            Create.ForeignKey("fk_users_team").FromTable("users").ForeignColumn("team_id").ToTable("teams").PrimaryColumn("id");
        }

        public override void Down() { }
    }

    [Fact]
    public Task CreateIndex_Concurrently() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new IndexName()),
        Old,
        New,
        afterExpand: async cs => Assert.Equal(2L, await ScalarAsync(cs, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname IN ('ix_users_name', 'ux_users_email') AND i.indisvalid")));

    [Fact]
    public Task UniqueConstraint_ThroughUsingIndex() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new UniqueEmail()),
        Old,
        New,
        afterExpand: async cs =>
        {
            var duplicate = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(cs, "INSERT INTO users (id, email) VALUES (9001, 'user1@example.com')"));
            Assert.Equal("23505", duplicate.SqlState);
        });

    [Fact]
    public Task PrimaryKey_IndexInExpandConstraintInContract() => RunAsync(
        "CREATE TABLE memberships (user_id integer NOT NULL, team_id integer, role text);\nINSERT INTO memberships SELECT g, g, 'r' FROM generate_series(1, 5) g;",
        MigrationInstances.Collect(new TeamPrimaryKey()),
        new VersionClient("old", "INSERT INTO memberships (user_id, team_id, role) VALUES (@id, @id, @value)", "SELECT role FROM memberships WHERE user_id = @id"),
        new VersionClient("new", "INSERT INTO memberships (user_id, team_id, role) VALUES (@id, @id, @value)", "SELECT role FROM memberships WHERE user_id = @id"),
        afterContract: async cs => Assert.Equal("p", await ScalarAsync(cs, "SELECT contype::text FROM pg_constraint WHERE conname = 'pk_memberships'")));

    [Fact]
    public Task ForeignKey_NotValidThenValidated() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new UserTeamForeignKey()),
        Old,
        new VersionClient("new", "INSERT INTO users (id, email, team_id) VALUES (@id, @value, 2)", "SELECT email FROM users WHERE id = @id"),
        afterExpand: async cs =>
        {
            Assert.Equal(true, await ScalarAsync(cs, "SELECT convalidated FROM pg_constraint WHERE conname = 'fk_users_team'"));
            var orphan = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(cs, "INSERT INTO users (id, email, team_id) VALUES (9002, 'x', 99)"));
            Assert.Equal("23503", orphan.SqlState);
        });
}
