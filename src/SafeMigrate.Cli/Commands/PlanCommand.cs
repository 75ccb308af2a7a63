using System.CommandLine;
using SafeMigrate.Providers.Postgres;
using SafeMigrate.Providers.SqlServer;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Cli.Commands;

/// <summary>
/// <c>plan -a migrations.dll [-c connection] [-p postgres|sqlserver] [--pg-version n] [--sqlserver-edition e] [--sqlserver-version y] [--format text|json]</c>:
/// the expand and contract steps of every pending migration (offline: each as if every earlier one were applied;
/// live: the pending ones together). JSON: <c>{ "migrations": [ { "version", "description",
/// "steps": [ { "phase", "description", "sql", "blocksWrites" } ] } ], "refusals": [...] }</c>.
/// With a connection the server's version (and, on SQL Server, edition) is read from it; without one they are the options'.
/// Exit 1 when something cannot be made safe (listed with its recipe).
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var assembly = CommonOptions.Assembly(required: true);
        var connection = CommonOptions.Connection();
        var provider = CommonOptions.Provider();
        var tags = CommonOptions.Tags();
        var format = CommonOptions.Format("text", "json");
        var sqlServerEdition = CommonOptions.SqlServerEdition();
        var sqlServerVersion = CommonOptions.SqlServerVersion();
        var pgVersion = CommonOptions.PostgresVersion();
        var command = new Command("plan", "Print the expand and contract steps of every pending migration, without changing anything.")
        {
            assembly, connection, provider, tags, format, sqlServerEdition, sqlServerVersion, pgVersion,
        };

        CommandRunner.SetAction(command, async (context, cancellationToken) =>
        {
            var connectionString = context.OptionalConnection(connection);
            var databaseProvider = context.ResolveProvider(provider, connectionString);
            var target = SqlServerTarget.Parse(context.ParseResult.GetValue(sqlServerEdition), context.ParseResult.GetValue(sqlServerVersion));
            var postgresTarget = PostgresTarget.Parse(context.ParseResult.GetValue(pgVersion));
            using var migrations = MigrationAssembly.Load(context.ParseResult.GetRequiredValue(assembly), context.ParseResult.GetValue(tags));
            var units = MigrationUnit.FromAssembly(migrations, databaseProvider);
            ReleasePlan plan;
            if (connectionString is not null)
            {
                // The release expand would run: pending migrations only, against the live catalog (and, on SQL Server,
                // for the edition and version the server reports). Reads only.
                plan = await new SafeMigrator(connectionString, databaseProvider).PlanAsync(units, cancellationToken).ConfigureAwait(false);
            }
            else if (databaseProvider == DatabaseProvider.SqlServer)
            {
                using var dialect = new SqlServerDialect(target);
                plan = SafeMigrator.PlanEachOffline(units, dialect);
            }
            else
            {
                using var dialect = new PostgresDialect(postgresTarget);
                plan = SafeMigrator.PlanEachOffline(units, dialect);
            }

            if (context.ParseResult.GetValue(format) == "json")
            {
                await JsonOutput.WriteAsync(context.Output, new
                {
                    migrations = plan.Migrations.Select(m => new
                    {
                        version = m.Version,
                        description = m.Description,
                        steps = m.Expand.Select(s => Step("expand", s)).Concat(m.Contract.Select(s => Step("contract", s))),
                    }),
                    refusals = plan.Refusals.Select(r => new { version = r.Version, ruleId = r.RuleId, what = r.What, reason = r.Reason, recipe = r.Recipe }),
                }).ConfigureAwait(false);
            }
            else
            {
                await WriteTextAsync(context.Output, plan).ConfigureAwait(false);
            }

            return plan.IsRefused ? ExitCodes.Refused : ExitCodes.Success;
        });
        return command;
    }

    private static object Step(string phase, Step step) => new { phase, description = step.Description, sql = step.Sql, blocksWrites = step.BlocksWrites };

    private static async Task WriteTextAsync(TextWriter output, ReleasePlan plan)
    {
        if (plan.Migrations.Count == 0)
        {
            await output.WriteLineAsync("Nothing to do: no pending migration.").ConfigureAwait(false);
        }

        foreach (var migration in plan.Migrations)
        {
            await output.WriteLineAsync($"{migration.Version} {migration.Description}").ConfigureAwait(false);
            foreach (var (phase, steps) in new[] { ("expand", migration.Expand), ("contract", migration.Contract) })
            {
                foreach (var step in steps)
                {
                    await output.WriteLineAsync($"  {phase,-8} {step.Description}{(step.BlocksWrites ? " [blocks writes]" : string.Empty)}").ConfigureAwait(false);
                }
            }
        }

        foreach (var refusal in plan.Refusals)
        {
            await output.WriteLineAsync($"refused: {refusal}").ConfigureAwait(false);
        }
    }
}
