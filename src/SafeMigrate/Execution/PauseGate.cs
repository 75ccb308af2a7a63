using System.Data.Common;
using System.Globalization;
using SafeMigrate.State;

namespace SafeMigrate.Execution;

/// <summary>
/// The pause of <c>dotnet safe-migrate pause</c> (<see cref="PauseStore"/>): while it stands the run waits, before its
/// next backfill batch or step, with no transaction open, and goes on where it stopped once <c>resume</c> lifts it.
/// Asked before every batch, so it costs one indexed read of a one-row table once the table is known to exist (the state
/// schema creates it; a table is never dropped while a run holds the migration lock).
/// </summary>
internal sealed class PauseGate(PauseSql sql) : IBackfillGate
{
    public const string Name = "paused";

    private bool _tableExists;

    public string Reason => Name;

    public Task ValidateAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public async Task<string?> WhyWaitAsync(DbConnection connection, CancellationToken ct)
    {
        var store = new PauseStore(connection, sql);
        _tableExists = _tableExists || await store.TableExistsAsync(ct).ConfigureAwait(false);
        return _tableExists && await store.ReadExistingAsync(ct).ConfigureAwait(false) is { } pause
            ? $"paused by {pause.PausedBy} at {pause.PausedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC"
              + (pause.Reason.Length > 0 ? $" ({pause.Reason})" : string.Empty) + "; `dotnet safe-migrate resume` continues"
            : null;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
