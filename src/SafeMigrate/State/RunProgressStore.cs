using System.Data.Common;
using System.Globalization;
using SafeMigrate.Connections;

namespace SafeMigrate.State;

/// <summary>Reads and writes the live progress of a run (<see cref="RunProgressSql"/>) on one connection, outside any transaction.</summary>
internal sealed class RunProgressStore(DbConnection connection, RunProgressSql sql)
{
    /// <summary>The progress of the running or last stopped run, or null (none, or no table yet).</summary>
    public async Task<RunProgress?> ReadAsync(CancellationToken ct)
    {
        if (!await TableExistsAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        await using var command = connection.Command(sql.Read, null, []);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        return new RunProgress(
            Running: Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture) == 1,
            RunBy: reader.GetString(1),
            StartedAt: StateTimes.AsUtc(reader.GetValue(2)),
            UpdatedAt: StateTimes.AsUtc(reader.GetValue(3)),
            Version: Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
            Phase: reader.GetString(5),
            StepNumber: Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
            StepCount: Convert.ToInt32(reader.GetValue(7), CultureInfo.InvariantCulture),
            StepDescription: reader.GetString(8),
            StepStartedAt: StateTimes.AsUtc(reader.GetValue(9)),
            RowsDone: reader.IsDBNull(10) ? null : Convert.ToInt64(reader.GetValue(10), CultureInfo.InvariantCulture),
            RowsTotal: reader.IsDBNull(11) ? null : Convert.ToInt64(reader.GetValue(11), CultureInfo.InvariantCulture),
            RowsPerSecond: reader.IsDBNull(12) ? null : Convert.ToDouble(reader.GetValue(12), CultureInfo.InvariantCulture),
            WaitingFor: reader.IsDBNull(13) ? null : reader.GetString(13),
            WaitingSince: StateTimes.AsUtcOrNull(reader.GetValue(14)));
    }

    /// <summary>Writes <paramref name="progress"/> (its <see cref="RunProgress.Running"/> and <see cref="RunProgress.UpdatedAt"/> are the server's).</summary>
    public Task SaveAsync(RunProgress progress, CancellationToken ct) =>
        connection.ExecuteAsync(
            sql.Save,
            null,
            ct,
            ("run_by", progress.RunBy),
            ("started_at", progress.StartedAt.UtcDateTime),
            ("version", progress.Version),
            ("phase", progress.Phase),
            ("step", progress.StepNumber),
            ("steps", progress.StepCount),
            ("description", progress.StepDescription),
            ("step_started_at", progress.StepStartedAt.UtcDateTime),
            ("rows_done", (object?)progress.RowsDone ?? DBNull.Value),
            ("rows_total", (object?)progress.RowsTotal ?? DBNull.Value),
            ("rows_per_second", (object?)progress.RowsPerSecond ?? DBNull.Value),
            ("waiting_for", (object?)progress.WaitingFor ?? DBNull.Value),
            ("waiting_since", (object?)progress.WaitingSince?.UtcDateTime ?? DBNull.Value));

    public async Task<bool> TableExistsAsync(CancellationToken ct) =>
        Convert.ToInt32(await connection.ScalarAsync(sql.Exists, null, ct).ConfigureAwait(false), CultureInfo.InvariantCulture) == 1;

    public Task DeleteAsync(CancellationToken ct) => connection.ExecuteAsync(sql.Delete, null, ct);
}
