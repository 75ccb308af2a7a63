using System.CommandLine;
using System.Globalization;
using SafeMigrate.Loading;
using SafeMigrate.State;

namespace SafeMigrate.Cli.Commands;

/// <summary>
/// <c>status [-a migrations.dll] -c connection [--format text|json]</c>: where each migration stands.
/// JSON: <c>{ "migrations": [ { "version": 1, "description": "…", "phase": "pending" } ], "instances": [ … ], "paused": null, "run": null }</c>;
/// <c>run</c> is the release running now (or the last one that stopped), as <see cref="RunProgress"/>.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var assembly = CommonOptions.Assembly(required: false);
        var connection = CommonOptions.Connection();
        var provider = CommonOptions.Provider();
        var tags = CommonOptions.Tags();
        var format = CommonOptions.Format("text", "json");
        var command = new Command("status", "Show each migration's phase: pending, expanding, expanded, contracting, contracted or rolling_back.")
        {
            assembly, connection, provider, tags, format,
        };

        CommandRunner.SetAction(command, async (context, cancellationToken) =>
        {
            var connectionString = context.RequiredConnection(connection);
            var databaseProvider = context.ResolveProvider(provider, connectionString);
            var assemblyPath = context.ParseResult.GetValue(assembly);
            using var migrations = assemblyPath is null ? null : MigrationAssembly.Load(assemblyPath, context.ParseResult.GetValue(tags));
            var status = await new SafeMigrator(connectionString, databaseProvider).ReadStatusAsync(migrations?.Migrations, cancellationToken).ConfigureAwait(false);
            var statuses = status.Migrations;

            if (context.ParseResult.GetValue(format) == "json")
            {
                await JsonOutput.WriteAsync(context.Output, new
                {
                    migrations = statuses.Select(s => new
                    {
                        version = s.Version,
                        description = s.Description,
                        phase = s.Phase.ToName(),
                        storedPhase = s.StoredPhase,
                        inAssembly = s.InAssembly,
                    }),
                    instances = status.Instances.Select(i => new
                    {
                        appVersion = i.AppVersion, newestMigration = i.NewestMigration, host = i.HostName, startedAt = i.StartedAt, lastSeen = i.LastSeen,
                    }),
                    paused = status.Pause is { } pause ? new { reason = pause.Reason, pausedBy = pause.PausedBy, pausedAt = pause.PausedAt } : null,
                    run = status.Run is { } run ? new
                    {
                        running = run.Running,
                        runBy = run.RunBy,
                        startedAt = run.StartedAt,
                        updatedAt = run.UpdatedAt,
                        version = run.Version,
                        phase = run.Phase,
                        step = run.StepNumber,
                        steps = run.StepCount,
                        description = run.StepDescription,
                        stepStartedAt = run.StepStartedAt,
                        rowsDone = run.RowsDone,
                        rowsTotal = run.RowsTotal,
                        rowsPerSecond = run.RowsPerSecond,
                        etaSeconds = run.Eta is { } eta ? (long?)eta.TotalSeconds : null,
                        waitingFor = run.WaitingFor,
                        waitingSince = run.WaitingSince,
                    } : null,
                }).ConfigureAwait(false);
            }
            else
            {
                await WriteTextAsync(context.Output, statuses).ConfigureAwait(false);
                await WriteUnprovedNotNullsAsync(context.Output, status.UnprovedNotNulls).ConfigureAwait(false);
                await WriteInstancesAsync(context.Output, status.Instances).ConfigureAwait(false);
                await WritePauseAsync(context.Output, status.Pause).ConfigureAwait(false);
                await WriteRunAsync(context.Output, status.Run).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>PostgreSQL 18: NOT NULL constraints still NOT VALID; the column's not-null flag alone would call them done.</summary>
    private static async Task WriteUnprovedNotNullsAsync(TextWriter output, IReadOnlyList<string> columns)
    {
        if (columns.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("NOT NULL not validated yet (new rows are checked, existing rows are not proved; contract validates them):").ConfigureAwait(false);
        foreach (var column in columns)
        {
            await output.WriteLineAsync($"  {column}").ConfigureAwait(false);
        }
    }

    /// <summary>A pause standing against the database: a running release waits on it, and so does the next one.</summary>
    private static async Task WritePauseAsync(TextWriter output, RunPause? pause)
    {
        if (pause is null)
        {
            return;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(
            $"Paused since {pause.PausedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by {pause.PausedBy}{(pause.Reason.Length > 0 ? $" ({pause.Reason})" : string.Empty)}: "
            + "releases wait before their next batch or step. Run 'dotnet safe-migrate resume' to continue.").ConfigureAwait(false);
    }

    /// <summary>The release running now, from its live row: its step, a backfill's rows, rate and ETA, and what it waits on; or where the last one stopped.</summary>
    private static async Task WriteRunAsync(TextWriter output, RunProgress? run)
    {
        if (run is null)
        {
            return;
        }

        var step = $"{run.Phase} of migration {run.Version}, step {run.StepNumber}/{run.StepCount} ({run.StepDescription})";
        var rows = run.RowsDone is { } done
            ? $"{done.ToString("N0", CultureInfo.InvariantCulture)}{(run.RowsTotal is { } total ? $" / {total.ToString("N0", CultureInfo.InvariantCulture)} rows ({Percent(done, total)})" : " rows")}"
            : null;
        await output.WriteLineAsync().ConfigureAwait(false);
        if (!run.Running)
        {
            await output.WriteLineAsync(
                $"Last run stopped in {step} at {Time(run.UpdatedAt)} (run by {run.RunBy}{(rows is null ? string.Empty : ", " + rows)}): "
                + "run the same command again to resume it there.").ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"Running: {step}, since {Time(run.StepStartedAt)} (run by {run.RunBy}, started {Time(run.StartedAt)})").ConfigureAwait(false);
        if (rows is not null)
        {
            var rate = run.RowsPerSecond is { } perSecond ? $", {perSecond.ToString("N0", CultureInfo.InvariantCulture)} rows/s" : string.Empty;
            var eta = run.Eta is { } left ? $", ETA {left.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)}" : string.Empty;
            await output.WriteLineAsync($"  {rows}{rate}{eta}").ConfigureAwait(false);
        }

        if (run.WaitingFor is { } why)
        {
            await output.WriteLineAsync($"  waiting since {(run.WaitingSince is { } since ? Time(since) : "?")}, holding no lock: {why}").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"  (as of {Time(run.UpdatedAt)})").ConfigureAwait(false);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    private static string Percent(long done, long total) =>
        total > 0 ? ((double)done / total).ToString("0%", CultureInfo.InvariantCulture) : "?";

    /// <summary>The app instances whose heartbeat is live (SafeMigrate.Hosting): what contract --wait-for-drain waits on.</summary>
    private static async Task WriteInstancesAsync(TextWriter output, IReadOnlyList<AppInstance> instances)
    {
        if (instances.Count == 0)
        {
            return;
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Running app instances ({instances.Count}, from their heartbeats):").ConfigureAwait(false);
        var versionWidth = Math.Max("APP VERSION".Length, instances.Max(i => i.AppVersion.Length));
        var newestWidth = Math.Max("NEWEST MIGRATION".Length, instances.Max(i => i.NewestMigration.ToString(CultureInfo.InvariantCulture).Length));
        var hostWidth = Math.Max("HOST".Length, instances.Max(i => i.HostName.Length));
        await output.WriteLineAsync($"  {"APP VERSION".PadRight(versionWidth)}  {"NEWEST MIGRATION".PadLeft(newestWidth)}  {"HOST".PadRight(hostWidth)}  LAST SEEN").ConfigureAwait(false);
        foreach (var instance in instances)
        {
            await output.WriteLineAsync(
                $"  {instance.AppVersion.PadRight(versionWidth)}  {instance.NewestMigration.ToString(CultureInfo.InvariantCulture).PadLeft(newestWidth)}  {instance.HostName.PadRight(hostWidth)}  {instance.LastSeen.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC")
                .ConfigureAwait(false);
        }
    }

    private static async Task WriteTextAsync(TextWriter output, IReadOnlyList<MigrationStatus> statuses)
    {
        if (statuses.Count == 0)
        {
            await output.WriteLineAsync("No migrations.").ConfigureAwait(false);
            return;
        }

        var versionWidth = Math.Max("VERSION".Length, statuses.Max(s => s.Version.ToString().Length));
        var phaseWidth = Math.Max("PHASE".Length, statuses.Max(s => PhaseText(s).Length));
        await output.WriteLineAsync($"{"VERSION".PadLeft(versionWidth)}  {"PHASE".PadRight(phaseWidth)}  DESCRIPTION").ConfigureAwait(false);
        foreach (var status in statuses)
        {
            await output.WriteLineAsync(
                $"{status.Version.ToString().PadLeft(versionWidth)}  {PhaseText(status).PadRight(phaseWidth)}  {status.Description}{Note(status)}")
                .ConfigureAwait(false);
        }
    }

    /// <summary>A phase this version does not know is shown with the stored text: every other command refuses it.</summary>
    private static string PhaseText(MigrationStatus status) =>
        status.Phase == MigrationPhase.Unknown ? $"unknown ('{status.StoredPhase}')" : status.Phase.ToName();

    /// <summary>A migration in progress that the assembly lacks makes expand, contract and rollback refuse; a contracted one is history.</summary>
    private static string Note(MigrationStatus status) => status switch
    {
        { Phase: MigrationPhase.Unknown } => "  (phase unknown to this version: other commands refuse to run)",
        { InAssembly: false, Phase: MigrationPhase.Expanding or MigrationPhase.Expanded or MigrationPhase.Contracting or MigrationPhase.RollingBack } =>
            "  (not in the assembly, in progress: expand, contract and rollback refuse to run)",
        { InAssembly: false } => "  (not in the assembly)",
        _ => string.Empty,
    };
}
