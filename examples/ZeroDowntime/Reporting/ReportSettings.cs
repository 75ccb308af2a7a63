namespace ZeroDowntime.Reporting;

/// <param name="DurationSeconds">Traffic time per phase.</param>
/// <param name="Rows">Orders seeded before the release.</param>
/// <param name="RequestTimeoutSeconds">A request unanswered after this long counts as failed.</param>
/// <param name="Rollout">blue-green or rolling.</param>
public sealed record ReportSettings(
    int DurationSeconds, int Rows, int Customers, int Workers, string Rollout, double RequestTimeoutSeconds, string Postgres);
