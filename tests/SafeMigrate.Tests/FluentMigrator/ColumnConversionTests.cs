using FluentMigrator;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Loading;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Rules;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using SafeMigrate.Tests.Operations;
using SafeMigrate.Tests.Providers.SqlServer;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.FluentMigrator;

/// <summary>
/// <c>Execute.ConvertColumn(table, column, type, using)</c>: a type change with an explicit conversion, which
/// <c>Alter.Column</c> cannot express. Plain FluentMigrator runs <c>ALTER COLUMN … TYPE … USING …</c>; the runner
/// converts through a shadow column, its trigger and backfill evaluating the same expression over each row, and the
/// end state is plain FluentMigrator's (the harness compares them, after a fault at every step).
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class ColumnConversionTests
{
    private const string Exclusions = """
        CREATE TABLE exclusions (id integer PRIMARY KEY, tvdb_id text);
        CREATE INDEX ix_exclusions_tvdb ON exclusions (tvdb_id DESC NULLS LAST);
        INSERT INTO exclusions VALUES (1, '42'), (2, ' 7 '), (3, ''), (4, NULL), (5, '1000');
        """;

    private static readonly VersionClient Client = new("client", "INSERT INTO exclusions (id, tvdb_id) VALUES (@id, @value)", "SELECT tvdb_id::text FROM exclusions WHERE id = @id");

    /// <summary>Text ids to integers, blanks to NULL: not what the assignment cast gives (it fails on '').</summary>
    [Migration(1)]
    private sealed class TvdbIdToInteger : Migration
    {
        public override void Up() =>
            Execute.ConvertColumn("exclusions", "tvdb_id", "integer", usingExpression: "NULLIF(btrim(tvdb_id), '')::integer");

        public override void Down() { }
    }

    [Fact]
    public Task ConvertColumn_BothVersionsWriteDuringTheOverlap_EndStateIsPlainFluentMigrators() => RunAsync(
        Exclusions,
        MigrationInstances.Collect(new TvdbIdToInteger()),
        Client,
        Client,
        value: id => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        afterExpand: async cs =>
        {
            // The old version still sees text, and its blank writes are converted too.
            Assert.Equal("text", await ScalarAsync(cs, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'exclusions'::regclass AND attname = 'tvdb_id'"));
            await ExecuteAsync(cs, "INSERT INTO exclusions VALUES (900, '  ')");
        },
        afterContract: async cs =>
        {
            Assert.Equal("integer", await ScalarAsync(cs, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'exclusions'::regclass AND attname = 'tvdb_id'"));
            Assert.Equal("1:42,2:7,3:,4:,5:1000,900:", await ScalarAsync(cs, "SELECT string_agg(id || ':' || coalesce(tvdb_id::text, ''), ',' ORDER BY id) FROM exclusions WHERE id < 1000"));
            Assert.Equal(
                "CREATE INDEX ix_exclusions_tvdb ON public.exclusions USING btree (tvdb_id DESC NULLS LAST)",
                await ScalarAsync(cs, "SELECT pg_get_indexdef('ix_exclusions_tvdb'::regclass)"));
        });

    [Migration(1)]
    private sealed class MissingColumn : Migration
    {
        public override void Up() => Execute.ConvertColumn("exclusions", "imdb_id", "integer", usingExpression: "imdb_id::integer");

        public override void Down() { }
    }

    [Fact]
    public async Task MissingColumn_RefusedBeforeAnyChange_DatabaseAsItWas()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("convertmissing");
        try
        {
            await ExecuteAsync(connectionString, Exclusions);
            var before = await DatabaseDump.ReadAsync(connectionString);

            var refused = await Assert.ThrowsAsync<Errors.RefusedException>(() => new SafeMigrator(connectionString, Options).ExpandAsync(MigrationInstances.Collect(new MissingColumn())));

            Assert.True(refused.Message.Contains("imdb_id", StringComparison.Ordinal), refused.Message);
            // Everything but SafeMigrate's own state schema, which expand sets up before it plans.
            Assert.Equal(before, (await DatabaseDump.ReadAsync(connectionString)).Where(line => !line.Contains("safe_migrate", StringComparison.Ordinal)));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public void Plan_SaysTheConversion_AndUsesTheShadowRecipe()
    {
        var plan = SafeMigrator.PlanOffline(MigrationInstances.Collect(new TvdbIdToInteger()));

        Assert.Empty(plan.Refusals);
        var migration = Assert.Single(plan.Migrations);
        Assert.Contains(migration.Expand, s => s.Description.Contains("USING NULLIF(btrim(tvdb_id), '')::integer", StringComparison.Ordinal));
        Assert.Contains(migration.Expand, s => s.Work == Steps.StepWork.Backfill);
        Assert.Contains(migration.Contract, s => s.Description.StartsWith("swap \"tvdb_id\" and its shadow", StringComparison.Ordinal));
    }

    [Fact]
    public void SqlServer_Refused_NoConversionExpressionInTSql()
    {
        var plan = SqlServerPlans.Plan(new SqlServerTarget(SqlServerEdition.Enterprise, 16), false, new TvdbIdToInteger());

        Assert.Equal(RuleIds.UnsupportedExpression, Assert.Single(plan.Refusals).RuleId);
    }
}
