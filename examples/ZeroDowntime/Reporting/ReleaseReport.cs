namespace ZeroDowntime.Reporting;

/// <summary>The whole report: both runs, the settings they ran with, and the verdict.</summary>
public sealed record ReleaseReport(
    ReportSettings Settings,
    RunReport SafeMigrate,
    RunReport PlainFluentMigrator,
    bool ProofHeld,
    string Verdict);
