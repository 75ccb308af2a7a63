using System.Data.Common;
using System.Diagnostics;
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
internal sealed class LoadThrottle(string query, TimeSpan pollInterval, Action<string>? log)
{
    /// <exception cref="InvalidInputException">The query fails on the server or does not answer a boolean.</exception>
    public async Task ValidateAsync(DbConnection connection, CancellationToken ct) =>
        _ = await IsThrottledAsync(connection, ct).ConfigureAwait(false);

    /// <summary>Returns once the query says go; logs when the wait starts and how long it lasted.</summary>
    public async Task WaitWhileThrottledAsync(DbConnection connection, CancellationToken ct)
    {
        if (!await IsThrottledAsync(connection, ct).ConfigureAwait(false))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        log?.Invoke("  throttled: the throttle query returned true; the backfill waits (no lock held)");
        do
        {
            await Task.Delay(pollInterval, ct).ConfigureAwait(false);
        }
        while (await IsThrottledAsync(connection, ct).ConfigureAwait(false));

        var waited = Stopwatch.GetElapsedTime(started);
        SafeMigrateTelemetry.RecordThrottled(waited);
        log?.Invoke($"  throttle released after {waited.TotalSeconds:0.0} s");
    }

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
