using ZeroDowntime;
using ZeroDowntime.Database;
using ZeroDowntime.Releasing;
using ZeroDowntime.Reporting;
using ZeroDowntime.Scenario;
using ZeroDowntime.Shop;
using ZeroDowntime.Verification;

// The driver: releases the shop from v1 to v2 under load three times, with SafeMigrate from the pipeline, with
// SafeMigrate inside the app (SafeMigrate.Hosting) and with plain FluentMigrator, and reports what the clients saw. Progress goes to stderr, the report to stdout.
DriverOptions options;
try
{
    var parsed = DriverOptions.Parse(args);
    if (parsed is null)
    {
        Console.WriteLine(DriverOptions.Usage);
        return ExitCodes.ProofHeld;
    }

    options = parsed;
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    return ExitCodes.BadUsage;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops the run and still cleans up (apps, PostgreSQL); a second one kills.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

var progress = Console.Error;
var logDirectory = Path.Combine(Path.GetTempPath(), $"zerodowntime-{DateTime.Now:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
Directory.CreateDirectory(logDirectory);
try
{
    var migrations = BuildOutputs.Migrations;
    await using var server = await PostgresServer.StartAsync(cancellation.Token);
    progress.WriteLine($"PostgreSQL: {server.Description}; app logs in {logDirectory}");
    var scenario = new ReleaseScenario(server, options, logDirectory, progress);

    var safeMigrate = await scenario.RunAsync(new SafeMigrateRelease(migrations, line => progress.WriteLine($"    safe-migrate: {line}")), cancellation.Token);
    var inTheApp = await scenario.RunAsync(new SafeMigrateInTheAppRelease(migrations, line => progress.WriteLine($"    safe-migrate contract: {line}")), cancellation.Token);
    var plain = await scenario.RunAsync(new PlainFluentMigratorRelease(migrations), cancellation.Token);

    var schemaDifferences = SchemaSnapshot.Differences(plain.FinalSchema, safeMigrate.FinalSchema);
    var schemaDifferencesInTheApp = SchemaSnapshot.Differences(plain.FinalSchema, inTheApp.FinalSchema);
    var (held, verdict) = Verdict.Judge(safeMigrate, inTheApp, plain, schemaDifferences, schemaDifferencesInTheApp);
    var seed = new SeedData(options.Rows);
    var report = new ReleaseReport(
        new ReportSettings((int)options.Duration.TotalSeconds, seed.Orders, seed.Customers, options.Workers,
            options.Rollout == Rollout.Rolling ? "rolling" : "blue-green",
            ShopClient.RequestTimeout.TotalSeconds, server.Description),
        safeMigrate,
        inTheApp,
        plain,
        schemaDifferences,
        schemaDifferencesInTheApp,
        held,
        verdict);
    ConsoleReport.Write(Console.Out, report);
    if (options.ReportPath is not null)
    {
        await JsonReport.WriteAsync(options.ReportPath, report);
        progress.WriteLine($"JSON report written to {Path.GetFullPath(options.ReportPath)}");
    }

    return held ? ExitCodes.ProofHeld : ExitCodes.ProofFailed;
}
catch (HarnessException e)
{
    Console.Error.WriteLine($"The harness failed: {e.Message}");
    return ExitCodes.HarnessFailure;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted.");
    return ExitCodes.HarnessFailure;
}
