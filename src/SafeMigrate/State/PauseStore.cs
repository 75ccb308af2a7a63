using System.Data.Common;
using System.Globalization;
using SafeMigrate.Connections;

namespace SafeMigrate.State;

/// <summary>Reads and writes the pause of a release (<see cref="PauseSql"/>) on one connection, outside any transaction.</summary>
internal sealed class PauseStore(DbConnection connection, PauseSql sql)
{
    /// <summary>The pause, or null when there is none (or no table yet: nothing was ever paused).</summary>
    public async Task<RunPause?> ReadAsync(CancellationToken ct)
    {
        return await TableExistsAsync(ct).ConfigureAwait(false) ? await ReadExistingAsync(ct).ConfigureAwait(false) : null;
    }

    /// <summary>The pause, or null; the table must exist.</summary>
    public async Task<RunPause?> ReadExistingAsync(CancellationToken ct)
    {
        await using var command = connection.Command(sql.Read, null, []);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        return new RunPause(reader.GetString(0), reader.GetString(1), StateTimes.AsUtc(reader.GetValue(2)));
    }

    public async Task PauseAsync(string reason, string pausedBy, CancellationToken ct)
    {
        await ExecuteAsync(sql.Create, ct).ConfigureAwait(false);
        await ExecuteAsync(sql.Pause, ct, ("reason", reason), ("paused_by", pausedBy)).ConfigureAwait(false);
    }

    /// <summary>True when there was a pause to lift.</summary>
    public async Task<bool> ResumeAsync(CancellationToken ct)
    {
        return await TableExistsAsync(ct).ConfigureAwait(false) && await ExecuteAsync(sql.Resume, ct).ConfigureAwait(false) > 0;
    }

    public async Task<bool> TableExistsAsync(CancellationToken ct)
    {
        await using var command = connection.Command(sql.Exists, null, []);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is not null and not DBNull && Convert.ToInt32(value, CultureInfo.InvariantCulture) == 1;
    }

    private async Task<int> ExecuteAsync(string text, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.Command(text, null, parameters);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
