using SafeMigrate.Backfill;
using SafeMigrate.Errors;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Tests.Backfill;

/// <summary>
/// Which key a backfill walks, for each kind of key, and the refusal of tables without one. Fixed batch sizes (no target
/// duration): the batch counts asserted here must not depend on the machine's speed.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public class BackfillKeyTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static int _step;

    [Theory]
    [InlineData("int", "g")]
    [InlineData("bigint", "g::bigint * 3000000000")]
    [InlineData("uuid", "md5(g::text)::uuid")]
    [InlineData("text", "'key ' || g")]
    [InlineData("varchar(20)", "'v' || lpad(g::text, 6, '0')")]
    [InlineData("timestamptz", "timestamptz '2024-01-01 00:00:00+00' + g * interval '1.000001 second'")]
    [InlineData("double precision", "(g / 7.0)::double precision")]
    public async Task SingleColumnPrimaryKey_EveryRowUpdatedOnce(string keyType, string keyExpression)
    {
        var table = "single_" + new string(keyType.Where(char.IsAsciiLetter).ToArray());
        await database.ExecuteAsync($"""
            CREATE TABLE {table} (id {keyType} PRIMARY KEY, old_value text NOT NULL, new_value text, touched int NOT NULL DEFAULT 0);
            INSERT INTO {table} (id, old_value) SELECT {keyExpression}, 'value ' || g FROM generate_series(1, 2500) AS g;
            """);

        var result = await RunAsync(table, batchSize: 100);

        Assert.Equal(new BackfillResult(2500, 25, false), result);
        Assert.Equal(0L, await database.ScalarAsync($"SELECT count(*) FROM {table} WHERE new_value IS DISTINCT FROM old_value OR touched <> 1"));
    }

    [Fact]
    public async Task CompositePrimaryKey_WalkedAsRows()
    {
        await database.ExecuteAsync("""
            CREATE TABLE composite (tenant int NOT NULL, code text NOT NULL, old_value text NOT NULL, new_value text,
                                    touched int NOT NULL DEFAULT 0, PRIMARY KEY (tenant, code));
            INSERT INTO composite (tenant, code, old_value)
            SELECT t, 'c' || c, t || '/' || c FROM generate_series(1, 50) AS t, generate_series(1, 40) AS c;
            """);

        var result = await RunAsync("composite", batchSize: 70);

        Assert.Equal(new BackfillResult(2000, 29, false), result);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM composite WHERE new_value IS DISTINCT FROM old_value OR touched <> 1"));
    }

    [Fact]
    public async Task NoPrimaryKey_UniqueIndexOnNotNullColumnsUsed_NullableOneIgnored()
    {
        // The nullable unique index sorts first by name and is narrower: it must still be passed over, since rows with
        // a NULL there could never be reached by a key comparison.
        await database.ExecuteAsync("""
            CREATE TABLE unique_only (maybe int, code text NOT NULL, old_value text NOT NULL, new_value text, touched int NOT NULL DEFAULT 0);
            CREATE UNIQUE INDEX a_maybe ON unique_only (maybe);
            CREATE UNIQUE INDEX b_code ON unique_only (code);
            INSERT INTO unique_only (maybe, code, old_value)
            SELECT CASE WHEN g % 2 = 0 THEN g END, 'code' || g, 'v' || g FROM generate_series(1, 500) AS g;
            """);

        var result = await RunAsync("unique_only", batchSize: 64);

        Assert.Equal(500, result.RowsUpdated);
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM unique_only WHERE new_value IS DISTINCT FROM old_value OR touched <> 1"));
    }

    [Fact]
    public async Task NoUsableKey_RefusedWithTableAndRemedy()
    {
        await database.ExecuteAsync("""
            CREATE TABLE keyless (maybe int, old_value text, new_value text, touched int NOT NULL DEFAULT 0);
            CREATE UNIQUE INDEX keyless_maybe ON keyless (maybe);
            CREATE UNIQUE INDEX keyless_partial ON keyless (old_value) WHERE old_value IS NOT NULL;
            INSERT INTO keyless VALUES (1, 'a', NULL);
            """);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => RunAsync("keyless", batchSize: 10));

        Assert.Contains("\"public\".\"keyless\"", error.Message);
        Assert.Contains("primary key", error.Message);
        Assert.Contains("unique index", error.Message);
        Assert.Contains("NOT NULL", error.Message);
        Assert.Null(await database.ScalarAsync("SELECT new_value FROM keyless"));
    }

    [Fact]
    public async Task MissingTable_RefusedAsInvalidInput()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => RunAsync("does_not_exist", batchSize: 10));
        Assert.Contains("\"public\".\"does_not_exist\"", error.Message);
    }

    [Fact]
    public async Task EmptyTable_NothingToDo()
    {
        await database.ExecuteAsync("CREATE TABLE empty_table (id int PRIMARY KEY, old_value text NOT NULL, new_value text, touched int NOT NULL DEFAULT 0)");

        var result = await RunAsync("empty_table", batchSize: 10);

        Assert.Equal(new BackfillResult(0, 0, false), result);
    }

    private Task<BackfillResult> RunAsync(string table, int batchSize) =>
        PostgresBackfill.RunAsync(
            database.ConnectionString,
            new BackfillRequest("public", table, "\"new_value\" = \"old_value\", \"touched\" = \"touched\" + 1", null, batchSize, TimeSpan.Zero) { TargetBatchDuration = null },
            PostgresBackfill.Checkpoints(1, "expand", Interlocked.Increment(ref _step)),
            null,
            CancellationToken.None);
}
