using Npgsql;
using SafeMigrate.Backfill;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Tests.Backfill;

/// <summary>
/// Every batch is an index range scan on the key, so the cost of a row does not grow with the table: checked on the
/// plans PostgreSQL really picks, custom (first executions of the prepared statement) and generic (later ones).
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public class BackfillPlanTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Theory]
    [InlineData("auto")]
    [InlineData("force_custom_plan")]
    [InlineData("force_generic_plan")]
    public async Task SingleColumnKey_BatchIsIndexRangeScan(string planCacheMode)
    {
        var table = "plan_single_" + planCacheMode;
        await database.ExecuteAsync($"""
            CREATE TABLE {table} (id bigint PRIMARY KEY, old_value text NOT NULL, new_value text);
            INSERT INTO {table} (id, old_value) SELECT g, 'value ' || g FROM generate_series(1, 50000) AS g;
            ANALYZE {table};
            """);

        var (first, next) = await ExplainBatchesAsync(table, planCacheMode, ["25000"], ["50000"]);

        AssertIndexRangeScans(table, first);
        AssertIndexRangeScans(table, next);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("force_custom_plan")]
    [InlineData("force_generic_plan")]
    public async Task CompositeKey_BatchIsIndexRangeScan(string planCacheMode)
    {
        var table = "plan_composite_" + planCacheMode;
        await database.ExecuteAsync($"""
            CREATE TABLE {table} (tenant int NOT NULL, code text NOT NULL, old_value text NOT NULL, new_value text, PRIMARY KEY (tenant, code));
            INSERT INTO {table} (tenant, code, old_value)
            SELECT t, 'c' || c, 'v' FROM generate_series(1, 500) AS t, generate_series(1, 100) AS c;
            ANALYZE {table};
            """);

        var (first, next) = await ExplainBatchesAsync(table, planCacheMode, ["250", "c50"], ["500", "c99"]);

        AssertIndexRangeScans(table, first);
        AssertIndexRangeScans(table, next);
    }

    private async Task<(string First, string Next)> ExplainBatchesAsync(string table, string planCacheMode, string[] lastKey, string[] maxKey)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var (key, _) = await PostgresBackfillSql.Instance.ReadKeyAsync(connection, "public", table, CancellationToken.None);
        var statements = new PostgresBackfillStatements(key, "\"new_value\" = \"old_value\"", "\"new_value\" IS DISTINCT FROM \"old_value\"");
        var textTypes = string.Join(", ", Enumerable.Repeat("text", key.Columns.Count));
        var literals = (string[] values) => string.Join(", ", values.Select(v => $"'{v}'"));

        await ExecuteAsync(connection, $"SET plan_cache_mode = {planCacheMode}");
        await ExecuteAsync(connection, $"PREPARE first_batch ({textTypes}, int) AS {statements.FirstBatchSql}");
        await ExecuteAsync(connection, $"PREPARE next_batch ({textTypes}, {textTypes}, int) AS {statements.NextBatchSql}");

        // In "auto" mode the generic plan is considered from the sixth execution on; EXPLAIN EXECUTE counts as one.
        var first = "";
        var next = "";
        for (var i = 0; i < 7; i++)
        {
            first = await ExplainAsync(connection, $"EXPLAIN EXECUTE first_batch ({literals(maxKey)}, 1000)");
            next = await ExplainAsync(connection, $"EXPLAIN EXECUTE next_batch ({literals(lastKey)}, {literals(maxKey)}, 1000)");
        }

        return (first, next);
    }

    private static void AssertIndexRangeScans(string table, string plan)
    {
        Assert.DoesNotContain($"Seq Scan on {table}", plan);
        var lines = plan.Split('\n');
        // The batch's keys come from an ordered walk of the key's index that stops after n entries; a bitmap scan
        // there would read every row left and sort them, on every batch.
        Assert.Contains(lines, line => line.Contains($"Index Only Scan using {table}_pkey on {table}", StringComparison.Ordinal)
                                       || line.Contains($"Index Scan using {table}_pkey on {table}", StringComparison.Ordinal));
        Assert.All(lines.Where(line => line.Contains("Sort Key:", StringComparison.Ordinal)), line => Assert.Contains("batch", line));
        // The UPDATE finds its rows through the same index, bounded by the batch's first and last keys.
        var update = string.Join('\n', lines.SkipWhile(line => !line.Contains($"Update on {table}", StringComparison.Ordinal)));
        Assert.Matches($@"(Index Scan using|Bitmap Index Scan on) {table}_pkey", update);
        Assert.Matches(@"Index Cond: .*>= .*<= ", update);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }
}
