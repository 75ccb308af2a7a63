using System.Data.Common;
using System.Globalization;
using SafeMigrate.Connections;
using SafeMigrate.Errors;

namespace SafeMigrate.Execution;

/// <summary>
/// The load throttle (<see cref="SafeMigratorOptions.ThrottleQuery"/>): a query of the team's own, run before each
/// backfill batch, between batches (no transaction open, so nothing is locked while it waits); while it returns true the
/// backfill waits. Checked once before a command changes anything, so a query that cannot run is bad input (exit 2)
/// rather than a silent "go" or a failure half-way.
/// </summary>
internal sealed class LoadThrottle(string query) : IBackfillGate
{
    public string Reason => "load";

    /// <exception cref="InvalidInputException">The query fails on the server or does not answer a boolean.</exception>
    public async Task ValidateAsync(DbConnection connection, CancellationToken ct) =>
        _ = await IsThrottledAsync(connection, ct).ConfigureAwait(false);

    public async Task<string?> WhyWaitAsync(DbConnection connection, CancellationToken ct) =>
        await IsThrottledAsync(connection, ct).ConfigureAwait(false) ? "the throttle query returned true" : null;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<bool> IsThrottledAsync(DbConnection connection, CancellationToken ct)
    {
        object? value;
        try
        {
            await using var command = connection.Command(query, null, []);
            value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            // The server's message without the driver's extra lines (PostgreSQL's POSITION, SQL Server's procedure).
            throw new InvalidInputException($"The throttle query failed: {e.Message.Split('\n')[0].Trim()} (query: {query})", e);
        }

        return value switch
        {
            null or DBNull => false,
            bool flag => flag,
            string text when bool.TryParse(text, out var flag) => flag,
            sbyte or byte or short or ushort or int or uint or long or ulong or decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture) != 0,
            _ => throw new InvalidInputException($"The throttle query must answer true or false; it answered {value.GetType().Name} '{value}' (query: {query})."),
        };
    }
}
