using System.Data.Common;

namespace SafeMigrate.Connections;

/// <summary>
/// Parameterised commands on any <see cref="DbConnection"/> (either provider's driver, or a recording fake in tests). Named
/// parameters are written <c>@name</c> in the SQL of both providers: the SQL Server driver binds them by name and the PostgreSQL driver rewrites
/// them to its positional ones.
/// </summary>
internal static class DbCommands
{
    /// <param name="commandTimeout">Seconds; 0 for statements that may legitimately run long (their lock waits are bounded by the lock timeout instead).</param>
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
        await using var command = connection.Command(sql, transaction, parameters, commandTimeout: 0);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(
        this DbConnection connection, string sql, DbTransaction? transaction, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters, commandTimeout: 0);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }
}
