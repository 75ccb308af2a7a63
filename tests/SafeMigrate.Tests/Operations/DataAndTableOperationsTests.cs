using FluentMigrator;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class DataAndTableOperationsTests
{
    private static readonly VersionClient Old = new("old", "INSERT INTO users (id, email, name) VALUES (@id, @value, 'n')", "SELECT email FROM users WHERE id = @id");

    [Migration(1)]
    private sealed class CreateProjects : Migration
    {
        public override void Up()
        {
            Create.Table("projects")
                .WithColumn("id").AsInt32().PrimaryKey()
                .WithColumn("title").AsString(100).NotNullable()
                .WithColumn("owner_id").AsInt32().NotNullable().ForeignKey("fk_projects_owner", "users", "id").Indexed();
            Create.Column("code").OnTable("projects").AsString(10).NotNullable();
            Insert.IntoTable("projects").Row(new { id = 1, title = "first", owner_id = 1, code = "P1" });
        }

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class LowercaseNames : Migration
    {
        public override void Up() => Update.Table("users").Set(new { name = "renamed" }).AllRows();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class DeclaredSql : Migration
    {
        public override void Up()
        {
            Execute.SqlInExpand("CREATE VIEW active_users AS SELECT id, email FROM users", rollbackSql: "DROP VIEW IF EXISTS active_users");
            Execute.SqlInContract("DROP TABLE teams");
        }

        public override void Down() { }
    }

    [Fact]
    public Task CreateTable_WithLaterChangesInTheSameRelease_RunsPlainly() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new CreateProjects()),
        Old,
        new VersionClient(
            "new",
            "INSERT INTO users (id, email) VALUES (@id, @value); INSERT INTO projects (id, title, owner_id, code) VALUES (@id, @value, @id, 'c')",
            "SELECT coalesce((SELECT title FROM projects WHERE id = @id), (SELECT email FROM users WHERE id = @id))"),
        afterExpand: async cs => Assert.Equal("first", await ScalarAsync(cs, "SELECT title FROM projects WHERE id = 1")));

    [Fact]
    public Task UpdateAllRows_Batched() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new LowercaseNames()),
        Old,
        new VersionClient("new", "INSERT INTO users (id, email, name) VALUES (@id, @value, 'n')", "SELECT email FROM users WHERE id = @id"),
        afterExpand: async cs => Assert.Equal(7L, await ScalarAsync(cs, "SELECT count(*) FROM users WHERE name = 'renamed'")));

    [Fact]
    public Task RawSqlWithDeclaredPhases_RunsInThosePhases() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new DeclaredSql()),
        new VersionClient("old", "INSERT INTO teams (id, title) VALUES (@id, @value); INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id"),
        new VersionClient("new", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM active_users WHERE id = @id"),
        afterContract: async cs => Assert.Null(await ScalarAsync(cs, "SELECT to_regclass('teams')::text")));
}
