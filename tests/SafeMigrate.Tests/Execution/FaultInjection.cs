using Npgsql;
using SafeMigrate.Execution;
using SafeMigrate.Planning;
using SafeMigrate.State;
using Xunit;
using SafeMigrate.Loading;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// Makes an expand fail at every point of every step in turn (before the step's work, and after it but before the
/// step is marked done), rolls back after each failure, and checks that every table, column, index, constraint, view,
/// trigger and row that existed before the expand is exactly as it was.
/// </summary>
internal static class FaultInjection
{
    public sealed class InjectedFault(StepFaultPoint point) : Exception($"fault injected at {point}");

    /// <returns>How many faults were injected (each followed by a rollback).</returns>
    public static async Task<int> RollBackAfterEveryFaultAsync(string connectionString, IReadOnlyList<MigrationUnit> migrations, SafeMigratorOptions options)
    {
        var schemaBefore = await SchemaFingerprint.ReadAsync(connectionString);
        var plan = await new SafeMigrator(connectionString, options).PlanAsync(migrations);
        plan.ThrowIfRefused();
        // An update or delete of existing rows, and an insert whose rows no key identifies, are what rollback does not
        // undo (the plan says so): the rows of the tables they write are compared only when they made no change. An
        // insert that rollback deletes again is compared like any table.
        var undone = plan.Migrations.SelectMany(m => m.Rollback).Select(s => s.Sql).OfType<string>().ToList();
        var written = migrations.SelectMany(m => m.Expressions).Select(e => WrittenTable(e, undone)).OfType<string>().ToHashSet();
        var rowsBefore = (await RowChecksumsAsync(connectionString)).Where(r => !written.Contains(r.Split(' ')[0])).ToList();
        var faults = 0;
        foreach (var migration in plan.Migrations)
        {
            for (var index = 0; index < migration.Expand.Count; index++)
            {
                foreach (var afterWork in new[] { false, true })
                {
                    var point = new StepFaultPoint(migration.Version, "expand", index, afterWork);
                    var failing = new SafeMigrator(connectionString, options with
                    {
                        InjectFault = p =>
                        {
                            if (p == point)
                            {
                                throw new InjectedFault(p);
                            }
                        },
                    });
                    await Assert.ThrowsAsync<InjectedFault>(() => failing.ExpandAsync(migrations));
                    await new SafeMigrator(connectionString, options).RollbackAsync(migrations);
                    faults++;

                    var where = $"after a fault {(afterWork ? "after the work of" : "before")} expand step {index + 1} of migration {migration.Version} ({migration.Expand[index].Description})";
                    Assert.True(
                        schemaBefore.SequenceEqual(await SchemaFingerprint.ReadAsync(connectionString)),
                        $"The schema changed {where}: " + Difference(schemaBefore, await SchemaFingerprint.ReadAsync(connectionString)));
                    var rowsAfter = (await RowChecksumsAsync(connectionString)).Where(r => !written.Contains(r.Split(' ')[0])).ToList();
                    Assert.True(rowsBefore.SequenceEqual(rowsAfter), $"Rows changed {where}: " + Difference(rowsBefore, rowsAfter));
                    var phases = await new SafeMigrator(connectionString, options).StatusAsync(migrations);
                    Assert.All(phases.Values, phase => Assert.Equal(MigrationPhase.Pending, phase));
                }
            }
        }

        return faults;
    }

    private static string? WrittenTable(global::FluentMigrator.Expressions.IMigrationExpression expression, IReadOnlyList<string> rollbackSql) => expression switch
    {
        global::FluentMigrator.Expressions.UpdateDataExpression e => Qualified(e.SchemaName, e.TableName),
        global::FluentMigrator.Expressions.InsertDataExpression e when !rollbackSql.Any(sql => sql.StartsWith($"DELETE FROM {QuotedTable(e.SchemaName, e.TableName)} ", StringComparison.Ordinal)) =>
            Qualified(e.SchemaName, e.TableName),
        global::FluentMigrator.Expressions.DeleteDataExpression e => Qualified(e.SchemaName, e.TableName),
        _ => null,
    };

    private static string QuotedTable(string? schema, string table) => $"\"{(string.IsNullOrEmpty(schema) ? "public" : schema)}\".\"{table}\"";

    private static string Qualified(string? schema, string table) => (string.IsNullOrEmpty(schema) ? "public" : schema) + "." + table;

    /// <summary>Each user table's row count and an md5 over its rows as text, in a stable order.</summary>
    public static async Task<IReadOnlyList<string>> RowChecksumsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'safe_migrate') AND n.nspname NOT LIKE 'pg\_%'
              AND c.relname <> 'VersionInfo'
            ORDER BY 1
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var checksums = new List<string>();
        foreach (var table in tables)
        {
            await using var sum = new NpgsqlCommand($"SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM {table} t", connection);
            checksums.Add(table + " " + await sum.ExecuteScalarAsync());
        }

        return checksums;
    }

    private static string Difference(IReadOnlyList<string> before, IReadOnlyList<string> after) =>
        "missing: [" + string.Join("; ", before.Except(after)) + "], new: [" + string.Join("; ", after.Except(before)) + "]";
}
