using System.Data.Common;
using System.Globalization;
using SafeMigrate.Connections;
using SafeMigrate.Loading;

namespace SafeMigrate.State;

/// <summary>
/// Reads and writes SafeMigrate's state and FluentMigrator's <c>VersionInfo</c> through one connection, with the
/// provider's <see cref="StateSql"/>: phases, step marks, checkpoints and versions are kept the same way on every provider.
/// </summary>
internal sealed class StateStore(DbConnection connection, StateSql sql)
{
    public StateSql Sql => sql;

    public Task EnsureSchemaAsync(CancellationToken ct, DbTransaction? transaction = null) => ExecuteAsync(sql.Create, transaction, ct);

    public async Task<bool> ExistsAsync(CancellationToken ct, DbTransaction? transaction = null) =>
        IsOne(await ScalarAsync(sql.StateExists, transaction, ct).ConfigureAwait(false));

    /// <exception cref="Errors.InvalidStateException">A phase this version does not know.</exception>
    public async Task<IReadOnlyDictionary<long, MigrationPhase>> ReadPhasesAsync(CancellationToken ct)
    {
        var result = new Dictionary<long, MigrationPhase>();
        await using var command = Command(sql.ReadPhases, null);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var version = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            result[version] = MigrationPhases.ParseStored(version, reader.GetString(1));
        }

        return result;
    }

    /// <summary>Each migration's description and phase as stored, for <c>status</c>, which shows an unknown phase rather than failing on it.</summary>
    public async Task<IReadOnlyDictionary<long, (string Description, string Phase)>> ReadStatesAsync(CancellationToken ct)
    {
        var result = new Dictionary<long, (string, string)>();
        await using var command = Command(sql.ReadStates, null);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result[Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)] = (reader.GetString(1), reader.GetString(2));
        }

        return result;
    }

    public Task SetPhaseAsync(long version, string description, MigrationPhase phase, DbTransaction? transaction, CancellationToken ct) =>
        ExecuteAsync(sql.SetPhase, transaction, ct, ("version", version), ("description", description), ("phase", phase.ToName()));

    public Task BeginExpandAsync(long version, string description, string expandRecord, CancellationToken ct) =>
        ExecuteAsync(sql.BeginExpand, null, ct, ("version", version), ("description", description), ("record", expandRecord));

    public async Task<string?> ReadExpandRecordAsync(long version, CancellationToken ct) =>
        await ScalarAsync(sql.ReadExpandRecord, null, ct, ("version", version)).ConfigureAwait(false) as string;

    public async Task<IReadOnlySet<int>> ReadStartedStepsAsync(long version, string phase, CancellationToken ct)
    {
        var result = new HashSet<int>();
        await using var command = Command(sql.ReadStartedSteps, null, ("version", version), ("phase", phase));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return result;
    }

    /// <summary>Forgets a rolled-back migration inside <paramref name="transaction"/>: it is pending again.</summary>
    public Task ForgetAsync(long version, DbTransaction transaction, CancellationToken ct) =>
        ExecuteAsync(sql.Forget, transaction, ct, ("version", version));

    public async Task<bool> IsDoneAsync(long version, string phase, int index, CancellationToken ct) =>
        IsOne(await ScalarAsync(sql.IsDone, null, ct, ("version", version), ("phase", phase), ("index", index)).ConfigureAwait(false));

    public Task MarkRunningAsync(long version, string phase, int index, string description, CancellationToken ct) =>
        MarkAsync(version, phase, index, description, "running", null, ct);

    public Task MarkDoneAsync(long version, string phase, int index, string description, DbTransaction? transaction, CancellationToken ct) =>
        MarkAsync(version, phase, index, description, "done", transaction, ct);

    public async Task<string?> LoadCheckpointAsync(long version, string phase, int index, CancellationToken ct) =>
        await ScalarAsync(sql.LoadCheckpoint, null, ct, ("version", version), ("phase", phase), ("index", index)).ConfigureAwait(false) as string;

    /// <summary>The checkpoint of every step in progress, to be checked before a command resumes any.</summary>
    public async Task<IReadOnlyList<(long Version, string Phase, int Index, string Checkpoint)>> ReadCheckpointsAsync(CancellationToken ct)
    {
        var result = new List<(long, string, int, string)>();
        await using var command = Command(sql.ReadCheckpoints, null);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result.Add((
                Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                reader.GetString(1),
                Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                reader.GetString(3)));
        }

        return result;
    }

    public Task SaveCheckpointAsync(long version, string phase, int index, string description, string checkpoint, DbTransaction transaction, CancellationToken ct) =>
        ExecuteAsync(sql.SaveCheckpoint, transaction, ct, ("version", version), ("phase", phase), ("index", index), ("description", description), ("checkpoint", checkpoint));

    /// <summary>Where each migration stands (<see cref="MigrationStatuses.Merge"/> of VersionInfo and this state), creating nothing.</summary>
    /// <param name="migrations">The assembly's migrations, or null to list only what the database knows.</param>
    public async Task<IReadOnlyList<MigrationStatus>> ReadStatusesAsync(IReadOnlyList<MigrationDescriptor>? migrations, CancellationToken ct)
    {
        var applied = await ReadVersionInfoAsync(ct).ConfigureAwait(false);
        var states = await ExistsAsync(ct).ConfigureAwait(false)
            ? await ReadStatesAsync(ct).ConfigureAwait(false)
            : new Dictionary<long, (string, string)>();
        return MigrationStatuses.Merge(migrations, applied, states);
    }

    /// <summary>Each version in FluentMigrator's version table with its description; empty when the table does not exist.</summary>
    public async Task<IReadOnlyDictionary<long, string>> ReadVersionInfoAsync(CancellationToken ct)
    {
        var result = new Dictionary<long, string>();
        if (!IsOne(await ScalarAsync(sql.VersionInfoExists, null, ct).ConfigureAwait(false)))
        {
            return result;
        }

        await using var command = Command(sql.ReadVersionInfo, null);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            result[Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(1);
        }

        return result;
    }

    /// <summary>Records the version as applied; FluentMigrator's Description column holds 1,024 characters.</summary>
    public Task InsertVersionAsync(long version, string description, DbTransaction transaction, CancellationToken ct) =>
        ExecuteAsync(sql.InsertVersion, transaction, ct, ("version", version), ("description", description.Length > 1024 ? description[..1024] : description));

    public async Task DeleteVersionAsync(long version, DbTransaction transaction, CancellationToken ct)
    {
        // Checked first: on PostgreSQL a statement on a missing table would abort the whole transaction.
        if (IsOne(await ScalarAsync(sql.VersionInfoExists, transaction, ct).ConfigureAwait(false)))
        {
            await ExecuteAsync(sql.DeleteVersion, transaction, ct, ("version", version)).ConfigureAwait(false);
        }
    }

    private Task MarkAsync(long version, string phase, int index, string description, string status, DbTransaction? transaction, CancellationToken ct) =>
        ExecuteAsync(sql.MarkStep, transaction, ct, ("version", version), ("phase", phase), ("index", index), ("description", description), ("status", status));

    private static bool IsOne(object? value) => value is not null and not DBNull && Convert.ToInt32(value, CultureInfo.InvariantCulture) == 1;

    private DbCommand Command(string text, DbTransaction? transaction, params (string Name, object Value)[] parameters) =>
        connection.Command(text, transaction, parameters);

    private async Task<object?> ScalarAsync(string text, DbTransaction? transaction, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(text, transaction, parameters);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(string text, DbTransaction? transaction, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(text, transaction, parameters);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
