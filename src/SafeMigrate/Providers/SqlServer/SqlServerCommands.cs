using System.Data.Common;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>Parameterised commands on any <see cref="DbConnection"/> (SqlClient in production, a recording fake in tests).</summary>
internal static class SqlServerCommands
{
    /// <summary>A command with SQL Server's <c>@name</c> parameters.</summary>
    /// <param name="commandTimeout">Seconds; 0 for statements that may legitimately run long (a backfill batch waiting for its locks is bounded by LOCK_TIMEOUT instead).</param>
    public static DbCommand Command(
        this DbConnection connection, string sql, DbTransaction? transaction, (string Name, object Value)[] parameters, int? commandTimeout = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        if (commandTimeout is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(
        this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
