using System.Globalization;

namespace ZeroDowntime.Reporting;

/// <summary>Writes the report as tables, one per run, for a terminal.</summary>
public static class ConsoleReport
{
    public static void Write(TextWriter output, ReleaseReport report)
    {
        var settings = report.Settings;
        output.WriteLine();
        output.WriteLine(
            $"Release of the shop under load ({settings.Rollout}): {settings.Workers} clients, {settings.DurationSeconds} s per phase, " +
            $"{settings.Rows:N0} orders and {settings.Customers:N0} customers seeded, requests time out after {settings.RequestTimeoutSeconds:0} s.");
        WriteRun(output, report.SafeMigrate);
        WriteRun(output, report.SafeMigrateInTheApp);
        WriteRun(output, report.PlainFluentMigrator);

        output.WriteLine();
        WriteSchema(output, report.SafeMigrate.Name, report.SchemaDifferences);
        WriteSchema(output, report.SafeMigrateInTheApp.Name, report.SchemaDifferencesInTheApp);

        output.WriteLine();
        output.WriteLine("Verdict: " + report.Verdict);
    }

    private static void WriteSchema(TextWriter output, string name, IReadOnlyList<string> differences)
    {
        output.WriteLine(differences.Count == 0
            ? $"End schema: {name}'s is identical to plain FluentMigrator's (tables, columns, types, defaults, indexes, constraints, no views or triggers left)."
            : $"End schema: {name}'s differs from plain FluentMigrator's:");
        foreach (var difference in differences)
        {
            output.WriteLine("  " + difference);
        }
    }

    private static void WriteRun(TextWriter output, RunReport run)
    {
        output.WriteLine();
        output.WriteLine(run.Name);
        output.WriteLine(Row("phase", "seconds", "requests", "failed", "p50 ms", "p99 ms", "max ms", "lost writes") + "  answered by");
        foreach (var phase in run.Phases)
        {
            output.WriteLine(Row(phase.Name, Number(phase.Seconds), phase.Requests.ToString(CultureInfo.InvariantCulture),
                phase.Failed.ToString(CultureInfo.InvariantCulture), Number(phase.P50Ms), Number(phase.P99Ms), Number(phase.MaxMs),
                run.LostWrites is null ? "?" : (phase.LostWrites ?? 0).ToString(CultureInfo.InvariantCulture))
                + "  " + string.Join(" ", phase.ServedBy.Select(pair => $"{pair.Key}:{pair.Value}")));
        }

        output.WriteLine(Row("total", "", run.Requests.ToString(CultureInfo.InvariantCulture), run.Failed.ToString(CultureInfo.InvariantCulture),
            Number(run.P50Ms), Number(run.P99Ms), Number(run.MaxMs), run.LostWrites?.ToString(CultureInfo.InvariantCulture) ?? "?"));

        output.WriteLine(
            $"  checked {run.CheckedRows:N0} written rows against {run.AcknowledgedWrites:N0} acknowledged writes; " +
            $"seed rows damaged: {run.DamagedSeedRows?.ToString(CultureInfo.InvariantCulture) ?? "not checked"}");
        foreach (var phase in run.Phases)
        {
            foreach (var note in phase.Events)
            {
                output.WriteLine($"  {phase.Name}: {note}");
            }

            foreach (var (reason, count) in phase.FailureReasons)
            {
                output.WriteLine($"  {phase.Name}: {count} × {reason}");
            }
        }

        foreach (var sample in run.LostWriteSamples)
        {
            output.WriteLine($"  lost: {sample}");
        }

        if (run.Error is not null)
        {
            output.WriteLine($"  error: {run.Error}");
        }
    }

    private static string Row(string phase, string seconds, string requests, string failed, string p50, string p99, string max, string lost) =>
        $"  {phase,-14} {seconds,8} {requests,9} {failed,7} {p50,8} {p99,8} {max,8} {lost,12}";

    private static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
