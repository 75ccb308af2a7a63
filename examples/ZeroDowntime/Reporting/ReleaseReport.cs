namespace ZeroDowntime.Reporting;

/// <summary>The whole report: the three runs, the settings they ran with, and the verdict.</summary>
/// <param name="SafeMigrate">The pipeline flow: dotnet safe-migrate expand, switch, contract.</param>
/// <param name="SafeMigrateInTheApp">The hosting flow: v2 expands at startup, contract waits on heartbeats.</param>
/// <param name="SchemaDifferences">How the pipeline flow's end schema differs from plain FluentMigrator's (+ only in SafeMigrate's, - only in plain's); empty when they are the same.</param>
/// <param name="SchemaDifferencesInTheApp">The same for the hosting flow.</param>
public sealed record ReleaseReport(
    ReportSettings Settings,
    RunReport SafeMigrate,
    RunReport SafeMigrateInTheApp,
    RunReport PlainFluentMigrator,
    IReadOnlyList<string> SchemaDifferences,
    IReadOnlyList<string> SchemaDifferencesInTheApp,
    bool ProofHeld,
    string Verdict);
