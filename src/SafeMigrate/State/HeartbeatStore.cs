using System.Data.Common;
using System.Globalization;
using SafeMigrate.Connections;

namespace SafeMigrate.State;

/// <summary>Writes and reads app instance heartbeats through one connection, with the provider's <see cref="HeartbeatSql"/>.</summary>
internal sealed class HeartbeatStore(DbConnection connection, HeartbeatSql sql)
{
    public async Task<bool> ExistsAsync(CancellationToken ct)
    {
        await using var command = connection.Command(sql.Exists, null, []);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is not null and not DBNull && Convert.ToInt32(value, CultureInfo.InvariantCulture) == 1;
    }

    public Task CreateAsync(CancellationToken ct) => ExecuteAsync(sql.Create, ct);

    public Task BeatAsync(AppInstanceBeat beat, CancellationToken ct) =>
        ExecuteAsync(sql.Beat, ct,
            ("instance", beat.InstanceId), ("app_version", beat.AppVersion), ("newest", beat.NewestMigration),
            ("host", beat.HostName), ("expiry_ms", (long)beat.Expiry.TotalMilliseconds));

    public Task LeaveAsync(string instanceId, CancellationToken ct) => ExecuteAsync(sql.Leave, ct, ("instance", instanceId));

    public Task PruneAsync(CancellationToken ct) => ExecuteAsync(sql.Prune, ct);

    /// <summary>The instances whose beat has not expired; none when the table does not exist.</summary>
    public async Task<IReadOnlyList<AppInstance>> ReadLiveAsync(CancellationToken ct)
    {
        var result = new List<AppInstance>();
        if (!await ExistsAsync(ct).ConfigureAwait(false))
        {
            return result;
        }

        await using var command = connection.Command(sql.ReadLive, null, []);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add(new AppInstance(
                reader.GetString(0),
                reader.GetString(1),
                Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture),
                reader.GetString(3),
                StateTimes.AsUtc(reader.GetValue(4)),
                StateTimes.AsUtc(reader.GetValue(5))));
        }

        return result;
    }


    private async Task ExecuteAsync(string text, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.Command(text, null, parameters);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
