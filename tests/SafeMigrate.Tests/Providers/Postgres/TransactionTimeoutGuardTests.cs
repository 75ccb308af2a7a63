using Npgsql;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Providers.Postgres;

/// <summary>On the server of the test run (12 to 18 in the CI matrix): the guard exists from 17 and is local to the step's transaction.</summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class TransactionTimeoutGuardTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Guard_IsLockTimeoutPlusAllowance_OnlyInsideTheStepsTransaction()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var target = PostgresTarget.FromServerVersionNum(int.Parse((string)(await ScalarAsync(connection, "SHOW server_version_num"))!, System.Globalization.CultureInfo.InvariantCulture));
        var guard = TransactionTimeoutGuard.For(target);
        if (!target.HasTransactionTimeout)
        {
            Assert.Equal(string.Empty, guard);
            Assert.Null(await ScalarAsync(connection, "SELECT setting FROM pg_settings WHERE name = 'transaction_timeout'"));
            return;
        }

        await ScalarAsync(connection, "SET lock_timeout = '2s'");
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var command = new NpgsqlCommand(guard, connection, transaction))
            {
                await command.ExecuteNonQueryAsync();
            }

            Assert.Equal("32s", await ScalarAsync(connection, "SHOW transaction_timeout", transaction));
            await transaction.CommitAsync();
        }

        // SET LOCAL: the session, which also runs backfills and index builds, has no limit afterwards.
        Assert.Equal("0", await ScalarAsync(connection, "SHOW transaction_timeout"));

        // No lock timeout (wait as long as it takes) means no guard either.
        await ScalarAsync(connection, "SET lock_timeout = 0");
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var command = new NpgsqlCommand(guard, connection, transaction))
            {
                await command.ExecuteNonQueryAsync();
            }

            Assert.Equal("0", await ScalarAsync(connection, "SHOW transaction_timeout", transaction));
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }
}
