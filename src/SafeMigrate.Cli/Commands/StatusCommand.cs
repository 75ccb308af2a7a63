using System.CommandLine;
using SafeMigrate.Loading;
using SafeMigrate.State;

namespace SafeMigrate.Cli.Commands;

/// <summary>
/// <c>status [-a migrations.dll] -c connection [--format text|json]</c>: where each migration stands.
/// JSON: <c>{ "migrations": [ { "version": 1, "description": "…", "phase": "pending" } ] }</c>.
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
                }).ConfigureAwait(false);
            }
            else
            {
                await WriteTextAsync(context.Output, statuses).ConfigureAwait(false);
                await WriteUnprovedNotNullsAsync(context.Output, status.UnprovedNotNulls).ConfigureAwait(false);
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
