using Npgsql;
using SafeMigrate.Execution;
using SafeMigrate.Planning;
using SafeMigrate.Testing;
using Xunit;
using SafeMigrate.Loading;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// Compares what a type change does to values with what plain FluentMigrator does. One database goes through
/// SafeMigrate's expand; during the overlap the new version writes each edge value (as text, like a parameter
/// PostgreSQL casts to the column's type); then contract. Another database gets plain FluentMigrator's ALTER and then
/// the same writes. Both databases get the same server-side TimeZone (<c>ALTER DATABASE … SET timezone</c>, as a team
/// would configure it; nobody SETs it in a session). Afterwards every row, old and new, is read back as text.
/// </summary>
internal static class OverlapWrites
{
    /// <summary>What became of one write: the value read back after contract (or after plain FluentMigrator), or the error that rejected it.</summary>
    public sealed record Write(string Value, string? Stored, string? Error)
    {
        public bool Rejected => Error is not null;
    }

    public sealed record Outcome(IReadOnlyList<Write> SafeMigrate, IReadOnlyList<Write> Plain, IReadOnlyList<string> SafeMigrateRows, IReadOnlyList<string> PlainRows);

    /// <param name="setupSql">Creates table <c>t (id integer PRIMARY KEY, c …)</c> with some rows.</param>
    /// <param name="afterExpand">Checks on the database during the overlap (its connection string).</param>
    public static async Task<Outcome> RunAsync(
        string setupSql, string timeZone, IReadOnlyList<MigrationUnit> migrations, IReadOnlyList<string> values, Func<string, Task>? afterExpand = null)
    {
        var safe = await CreateDatabaseAsync("overlap", timeZone);
        var plain = await CreateDatabaseAsync("overlapplain", timeZone);
        try
        {
            await ReleaseHarness.ExecuteAsync(safe, setupSql);
            var migrator = new SafeMigrator(safe, ReleaseHarness.Options);
            await migrator.ExpandAsync(migrations);
            if (afterExpand is not null)
            {
                await afterExpand(safe);
            }

            var safeWrites = await WriteAllAsync(safe, values);
            await migrator.ContractAsync(migrations);
            var safeWritesAfter = await ReadBackAsync(safe, safeWrites);

            await ReleaseHarness.ExecuteAsync(plain, setupSql);
            PlainFluentMigrator.Apply(plain, migrations);
            var plainWrites = await ReadBackAsync(plain, await WriteAllAsync(plain, values));

            return new Outcome(safeWritesAfter, plainWrites, await RowsAsync(safe), await RowsAsync(plain));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(safe);
            await TestPostgres.DropDatabaseAsync(plain);
        }
    }

    /// <summary>
    /// No value changed: every row that existed before is equal on both sides, and every write SafeMigrate accepted
    /// during the overlap holds what plain FluentMigrator stores for it. A write rejected during the overlap is allowed
    /// (the new version gets an error, not a changed value); <paramref name="rejectedDuringOverlap"/> names exactly those.
    /// </summary>
    public static void AssertNoValueChanged(Outcome outcome, params string[] rejectedDuringOverlap)
    {
        Assert.Equal(outcome.PlainRows.Where(r => r.StartsWith("old ", StringComparison.Ordinal)), outcome.SafeMigrateRows.Where(r => r.StartsWith("old ", StringComparison.Ordinal)));
        foreach (var (safe, plain) in outcome.SafeMigrate.Zip(outcome.Plain))
        {
            if (rejectedDuringOverlap.Contains(safe.Value))
            {
                Assert.True(safe.Rejected, $"'{safe.Value}' was expected to be rejected during the overlap but was stored as '{safe.Stored}'.");
                continue;
            }

            Assert.True(safe.Rejected == plain.Rejected, $"'{safe.Value}': SafeMigrate {(safe.Rejected ? "rejected it: " + safe.Error : "stored it")}, plain FluentMigrator {(plain.Rejected ? "rejected it: " + plain.Error : "stored it")}.");
            Assert.True(safe.Stored == plain.Stored, $"'{safe.Value}': SafeMigrate stored '{safe.Stored}', plain FluentMigrator '{plain.Stored}'.");
        }
    }

    /// <summary>A fresh database whose sessions start with <paramref name="timeZone"/> (the database's setting, as a team would configure it).</summary>
    public static async Task<string> CreateDatabaseAsync(string hint, string timeZone)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(hint);
        await using var connection = new NpgsqlConnection(await TestPostgres.AdminConnectionStringAsync());
        await connection.OpenAsync();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var command = new NpgsqlCommand($"ALTER DATABASE \"{name}\" SET timezone TO '{timeZone}'", connection);
        await command.ExecuteNonQueryAsync();
        return connectionString;
    }

    /// <summary>Row ids from 1000 on, one per value, written by the new version (<c>INSERT … (id, c)</c>, the value as untyped text).</summary>
    private static async Task<IReadOnlyList<Write>> WriteAllAsync(string connectionString, IReadOnlyList<string> values)
    {
        var writes = new List<Write>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var index = 0; index < values.Count; index++)
        {
            await using var command = new NpgsqlCommand("INSERT INTO t (id, c) VALUES (@id, @value)", connection);
            command.Parameters.AddWithValue("id", 1000 + index);
            command.Parameters.Add(new NpgsqlParameter("value", NpgsqlTypes.NpgsqlDbType.Unknown) { Value = values[index] });
            try
            {
                await command.ExecuteNonQueryAsync();
                writes.Add(new Write(values[index], null, null));
            }
            catch (PostgresException e)
            {
                writes.Add(new Write(values[index], null, e.SqlState + " " + e.MessageText));
            }
        }

        return writes;
    }

    private static async Task<IReadOnlyList<Write>> ReadBackAsync(string connectionString, IReadOnlyList<Write> writes)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var result = new List<Write>();
        for (var index = 0; index < writes.Count; index++)
        {
            if (writes[index].Rejected)
            {
                result.Add(writes[index]);
                continue;
            }

            await using var command = new NpgsqlCommand("SELECT c::text FROM t WHERE id = @id", connection);
            command.Parameters.AddWithValue("id", 1000 + index);
            var stored = await command.ExecuteScalarAsync();
            result.Add(writes[index] with { Stored = stored as string ?? "NULL" });
        }

        return result;
    }

    /// <summary>Every row as "old|new id: type value"; rows below 1000 were there before the release.</summary>
    private static async Task<IReadOnlyList<string>> RowsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN id < 1000 THEN 'old ' ELSE 'new ' END || id || ': ' || pg_typeof(c) || ' ' || coalesce(c::text, 'NULL') FROM t ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
