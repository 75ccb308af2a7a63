using FluentMigrator;
using Npgsql;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using SafeMigrate.Tests.Operations;
using Xunit;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Tests.Providers.Postgres;

/// <summary>
/// NOT NULL on an existing column, on the server of the test run (the CI matrix runs this on 12 to 18): PostgreSQL 18
/// gets the native <c>NOT NULL … NOT VALID</c> + <c>VALIDATE CONSTRAINT</c>, older servers the CHECK recipe. Each
/// planned step runs in a transaction of its own that, before committing, reads from <c>pg_locks</c> the lock it took
/// on the table and from <c>pg_constraint</c> what it left behind; then the real contract runs the same steps again
/// (they are idempotent) and finishes the release.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class NotNullByServerVersionTests
{
    [Migration(1)]
    private sealed class NameNotNull : Migration
    {
        public override void Up() => Alter.Column("name").OnTable("users").AsString().NotNullable();

        public override void Down() { }
    }

    private sealed record StepEffect(string Description, string StrongestLock, IReadOnlyList<string> Constraints, bool AttNotNull);

    [Fact]
    public async Task SetNotNull_TakesTheServersRecipe_LocksAndConstraintsPerStep()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("notnull");
        try
        {
            await ExecuteAsync(cs, Schemas.Users);
            var major = await ServerMajorAsync(cs);
            var units = MigrationInstances.Collect(new NameNotNull());
            var migrator = new SafeMigrator(cs, new SafeMigratorOptions { LockTimeout = TimeSpan.FromSeconds(2) });
            await migrator.ExpandAsync(units);

            var plan = await migrator.PlanAsync(units);
            var contract = plan.Migrations.Single().Contract;
            var effects = new List<StepEffect>();
            foreach (var step in contract.Cast<SqlStep>())
            {
                effects.Add(await RunAndObserveAsync(cs, step));
            }

            if (major >= 18)
            {
                Assert.Equal(3, effects.Count);
                // 1: the constraint exists at once, NOT VALID, under a short ACCESS EXCLUSIVE; attnotnull is already true.
                Assert.Equal("AccessExclusiveLock", effects[0].StrongestLock);
                Assert.Contains("users_name_not_null n invalid", effects[0].Constraints);
                Assert.True(effects[0].AttNotNull);
                // 2: the scan runs under SHARE UPDATE EXCLUSIVE only: the application's reads and writes go on.
                Assert.Equal("ShareUpdateExclusiveLock", effects[1].StrongestLock);
                Assert.Contains("users_name_not_null n valid", effects[1].Constraints);
                // 3: FluentMigrator's own ALTER COLUMN, now without a scan. No CHECK ever appeared.
                Assert.All(effects, e => Assert.DoesNotContain(e.Constraints, c => c.Contains(" c ", StringComparison.Ordinal)));
            }
            else
            {
                Assert.Equal(3, effects.Count);
                Assert.Equal("AccessExclusiveLock", effects[0].StrongestLock);
                Assert.Contains(effects[0].Constraints, c => c.EndsWith(" c invalid", StringComparison.Ordinal));
                Assert.False(effects[0].AttNotNull);
                Assert.Equal("ShareUpdateExclusiveLock", effects[1].StrongestLock);
                Assert.Contains(effects[1].Constraints, c => c.EndsWith(" c valid", StringComparison.Ordinal));
                Assert.False(effects[1].AttNotNull);
                // 3: SET NOT NULL proved by the check (no scan, 12+), and the check is gone again.
                Assert.Equal("AccessExclusiveLock", effects[2].StrongestLock);
                Assert.True(effects[2].AttNotNull);
                Assert.DoesNotContain(effects[2].Constraints, c => c.Contains(" c ", StringComparison.Ordinal));
                Assert.All(effects, e => Assert.DoesNotContain(e.Constraints, c => c.Contains(" n ", StringComparison.Ordinal)));
            }

            // The real contract runs the same steps again (each is a no-op once done) and records the release.
            await migrator.ContractAsync(units);
            Assert.Equal("NO", await ScalarAsync(cs, "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'name'"));
            Assert.Equal(major >= 18 ? ["users_name_not_null n valid"] : [], await NameConstraintsAsync(cs));
            var ex = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(cs, "INSERT INTO users (id, email) VALUES (100, 'x')"));
            Assert.Equal(PostgresErrorCodes.NotNullViolation, ex.SqlState);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task CatalogRead_NotValidNotNull_RejectsNullButIsNotProved()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("catalog");
        try
        {
            var major = await ServerMajorAsync(cs);
            await ExecuteAsync(cs, "CREATE TABLE t (id int PRIMARY KEY, a text, b text NOT NULL)");
            // 18: the native form; before 18 the nearest equivalent, which the catalog does not count as NOT NULL.
            await ExecuteAsync(cs, major >= 18 ? "ALTER TABLE t ADD NOT NULL a NOT VALID" : "ALTER TABLE t ADD CONSTRAINT a_nn CHECK (a IS NOT NULL) NOT VALID");
            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync();
            var catalog = await PostgresCatalog.ReadAsync(connection, CancellationToken.None);

            var a = catalog.Find(null, "t", "a")!;
            Assert.False(a.NotNull);
            Assert.Equal(major >= 18, a.NotNullNotValid);
            Assert.Equal(major >= 18, a.RejectsNull);
            var b = catalog.Find(null, "t", "b")!;
            Assert.True(b.NotNull);
            Assert.False(b.NotNullNotValid);

            // Expand must never leave such a constraint behind: the old version's NULL inserts would fail.
            var before = new CatalogSnapshot([a with { NotNull = false, NotNullNotValid = false }, b]);
            var problems = ExpandSelfCheck.FindBreakingChanges(before, catalog);
            Assert.Equal(major >= 18 ? ["\"public\".\"t\".\"a\" became NOT NULL (NOT VALID: new rows are checked)"] : [], problems);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task Plan_ColumnWithNotValidNotNull_IsValidatedByContract()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("pending");
        try
        {
            await ExecuteAsync(cs, Schemas.Users);
            if (await ServerMajorAsync(cs) < 18)
            {
                // Before 18 a column is NOT NULL or not; there is no half-way state to find.
                Assert.Null(await ScalarAsync(cs, "SELECT conname FROM pg_constraint WHERE contype = 'n'"));
                return;
            }

            // Someone (or an interrupted contract) left the constraint NOT VALID: the plan must still validate it.
            await ExecuteAsync(cs, "ALTER TABLE users ADD NOT NULL name NOT VALID");
            var plan = await new SafeMigrator(cs).PlanAsync(MigrationInstances.Collect(new NameNotNull()));
            var contract = plan.Migrations.Single().Contract;
            Assert.Contains(contract, s => s.Description.StartsWith("validate the NOT NULL constraint", StringComparison.Ordinal));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    private static async Task<StepEffect> RunAndObserveAsync(string cs, SqlStep step)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var run = new NpgsqlCommand(step.Statement, connection, transaction))
        {
            await run.ExecuteNonQueryAsync();
        }

        // Locks are held until commit: what this session holds on the table now is what the step took.
        string strongest;
        await using (var locks = new NpgsqlCommand(
            """
            SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND relation = 'users'::regclass AND granted
            ORDER BY array_position(ARRAY['AccessExclusiveLock', 'ExclusiveLock', 'ShareRowExclusiveLock', 'ShareLock',
                                          'ShareUpdateExclusiveLock', 'RowExclusiveLock', 'RowShareLock', 'AccessShareLock'], mode)
            LIMIT 1
            """, connection, transaction))
        {
            strongest = (string)(await locks.ExecuteScalarAsync())!;
        }

        var constraints = await NameConstraintsAsync(connection, transaction);
        bool attNotNull;
        await using (var att = new NpgsqlCommand("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'name'", connection, transaction))
        {
            attNotNull = (bool)(await att.ExecuteScalarAsync())!;
        }

        await transaction.CommitAsync();
        return new StepEffect(step.Description, strongest, constraints, attNotNull);
    }

    private static async Task<IReadOnlyList<string>> NameConstraintsAsync(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        return await NameConstraintsAsync(connection, null);
    }

    /// <summary>The CHECK and NOT NULL constraints on users.name: "name kind valid|invalid".</summary>
    private static async Task<IReadOnlyList<string>> NameConstraintsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT con.conname || ' ' || con.contype::text || ' ' || CASE WHEN con.convalidated THEN 'valid' ELSE 'invalid' END
            FROM pg_constraint con JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
            WHERE con.conrelid = 'users'::regclass AND con.contype IN ('c', 'n') AND a.attname = 'name'
            ORDER BY 1
            """, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<string>();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private static async Task<int> ServerMajorAsync(string cs) => (int)(await ScalarAsync(cs, "SELECT current_setting('server_version_num')::int / 10000"))!;

    private static Task ExecuteAsync(string cs, string sql) => ReleaseHarness.ExecuteAsync(cs, sql);

    private static Task<object?> ScalarAsync(string cs, string sql) => ReleaseHarness.ScalarAsync(cs, sql);
}
