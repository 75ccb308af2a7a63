namespace SafeMigrate;

/// <summary>
/// The names under which SafeMigrate reports what it does, for an app that runs it in process and collects
/// OpenTelemetry: <c>.WithMetrics(m =&gt; m.AddMeter(SafeMigrateDiagnostics.Name))</c> and
/// <c>.WithTracing(t =&gt; t.AddSource(SafeMigrateDiagnostics.Name))</c>. What each instrument measures is in docs/runner.md.
/// </summary>
public static class SafeMigrateDiagnostics
{
    /// <summary>The <c>System.Diagnostics.Metrics.Meter</c> and the <c>System.Diagnostics.ActivitySource</c>.</summary>
    public const string Name = Execution.SafeMigrateTelemetry.Name;
}
