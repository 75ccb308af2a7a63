using FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

/// <summary>
/// An index dropped and created again under the same name in one release (real code does this to rebuild an index:
/// <c>Execute.Sql("DROP INDEX IF EXISTS \"IX_…\"")</c> then <c>Create.Index()…Unique()</c>). The old index stays through
/// expand, the new one is built beside it under a name of its own, and contract drops the old one and names the new
/// one: the end state is plain FluentMigrator's, whether or not the index existed before.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class RebuildIndexOperationTests
{
    private const string IndexDefinition = "SELECT pg_get_indexdef(to_regclass('{0}'))";

    private const string IndexesOfUsers = "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'users'";

    private static readonly VersionClient Users = new("client", "INSERT INTO users (id, email) VALUES (@id, @value)", "SELECT email FROM users WHERE id = @id");

    /// <summary>As real code writes it: the raw drop, then FluentMigrator's create under the same (default) name.</summary>
    [Migration(1)]
    private sealed class RebuildWithRawDrop : Migration
    {
        public override void Up()
        {
            Execute.Sql("DROP INDEX IF EXISTS \"IX_users_email\"");
            Create.Index().OnTable("users").OnColumn("email").Ascending().WithOptions().Unique();
        }

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class RebuildWithFluentDrop : Migration
    {
        public override void Up()
        {
            Delete.Index("ix_users_email").OnTable("users");
            Create.Index("ix_users_email").OnTable("users").OnColumn("email").Descending().WithOptions().Unique();
        }

        public override void Down() { }
    }

    [Fact]
    public Task RawDropThenCreate_ExistingIndex_OldKeptThroughExpand_NewNamedAtContract() => RunAsync(
        Schemas.Users + "CREATE INDEX \"IX_users_email\" ON users (email);",
        MigrationInstances.Collect(new RebuildWithRawDrop()),
        Users,
        Users,
        afterExpand: async cs =>
        {
            // The old, non-unique index is still there for the old version, the unique one beside it.
            Assert.Equal("CREATE INDEX \"IX_users_email\" ON public.users USING btree (email)", await ScalarAsync(cs, string.Format(IndexDefinition, "\"IX_users_email\"")));
            Assert.Matches("^IX_users_email,_sm_ix_[0-9a-f]{12},ix_users_email,users_pkey$", (string?)await ScalarAsync(cs, IndexesOfUsers));
        },
        afterContract: async cs =>
        {
            Assert.Equal("CREATE UNIQUE INDEX \"IX_users_email\" ON public.users USING btree (email)", await ScalarAsync(cs, string.Format(IndexDefinition, "\"IX_users_email\"")));
            Assert.Equal("IX_users_email,ix_users_email,users_pkey", await ScalarAsync(cs, IndexesOfUsers));
        });

    [Fact]
    public Task RawDropThenCreate_NoSuchIndexBefore_TheNewOneSurvivesContract() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new RebuildWithRawDrop()),
        Users,
        Users,
        afterContract: async cs => Assert.Equal(
            "CREATE UNIQUE INDEX \"IX_users_email\" ON public.users USING btree (email)", await ScalarAsync(cs, string.Format(IndexDefinition, "\"IX_users_email\""))));

    [Fact]
    public Task FluentDropThenCreate_SameName_ReplacedAtContract() => RunAsync(
        Schemas.Users,
        MigrationInstances.Collect(new RebuildWithFluentDrop()),
        Users,
        Users,
        afterExpand: async cs => Assert.Equal(
            "CREATE INDEX ix_users_email ON public.users USING btree (email)", await ScalarAsync(cs, string.Format(IndexDefinition, "ix_users_email"))),
        afterContract: async cs =>
        {
            Assert.Equal("CREATE UNIQUE INDEX ix_users_email ON public.users USING btree (email DESC)", await ScalarAsync(cs, string.Format(IndexDefinition, "ix_users_email")));
            Assert.Equal("ix_users_email,users_pkey", await ScalarAsync(cs, IndexesOfUsers));
        });
}
