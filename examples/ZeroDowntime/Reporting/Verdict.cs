namespace ZeroDowntime.Reporting;

/// <summary>
/// Whether the runs prove the point: SafeMigrate released, in both flows (the pipeline's and the app's own), with no
/// failed request, no lost write and no damaged row, ending with the very schema plain FluentMigrator ends with, and
/// the plain run, with the same data and traffic, failed requests. A plain run that broke
/// nothing proves nothing (the harness would not have noticed a broken release), so that is no proof either.
/// </summary>
public static class Verdict
{
    public static (bool Held, string Sentence) Judge(
        RunReport safeMigrate, RunReport inTheApp, RunReport plain, IReadOnlyList<string> schemaDifferences, IReadOnlyList<string> schemaDifferencesInTheApp)
    {
        foreach (var (run, differences) in new[] { (safeMigrate, schemaDifferences), (inTheApp, schemaDifferencesInTheApp) })
        {
            if (!run.IsClean)
            {
                var why = run.Error?.TrimEnd('.') ??
                    $"{run.Failed} of {run.Requests} requests failed, {Show(run.LostWrites)} acknowledged writes lost, " +
                    $"{Show(run.DamagedSeedRows)} seed rows damaged";
                return (false, $"FAILED: the {run.Name} release was not zero-downtime: {why}.");
            }

            if (differences.Count > 0)
            {
                return (false,
                    $"FAILED: {run.Name} served every request, but left a schema different from plain FluentMigrator's ({differences.Count} differences).");
            }
        }

        if (plain.Failed == 0 && plain.LostWrites == 0)
        {
            return (false,
                "INCONCLUSIVE: SafeMigrate served every request, but the plain FluentMigrator run broke nothing either, " +
                "so this run proves nothing (more traffic or a longer phase should show the breakage).");
        }

        return (true,
            $"SafeMigrate released with 0 of {safeMigrate.Requests} requests failed and 0 of {safeMigrate.AcknowledgedWrites} acknowledged writes lost " +
            $"(in the app: 0 of {inTheApp.Requests} and 0 of {inTheApp.AcknowledgedWrites}); " +
            $"plain FluentMigrator failed {plain.Failed} of {plain.Requests} requests ({Show(plain.LostWrites)} writes lost).");
    }

    private static string Show(long? count) => count?.ToString() ?? "unknown";
}
