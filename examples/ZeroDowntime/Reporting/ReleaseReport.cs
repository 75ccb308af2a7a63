namespace ZeroDowntime.Reporting;

/// <summary>The whole report: both runs, the settings they ran with, and the verdict.</summary>
/// <param name="SchemaDifferences">How SafeMigrate's end schema differs from plain FluentMigrator's (+ only in SafeMigrate's, - only in plain's); empty when they are the same.</param>
public sealed record ReleaseReport(
    ReportSettings Settings,
    RunReport SafeMigrate,
    RunReport PlainFluentMigrator,
    IReadOnlyList<string> SchemaDifferences,
    bool ProofHeld,
    string Verdict);
