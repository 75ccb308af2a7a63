namespace SafeMigrate.Execution;

/// <summary>A point in a run where a test may inject a fault: before a step's work, or after it and before the step is marked done.</summary>
internal sealed record StepFaultPoint(long Version, string Phase, int Index, bool AfterWork);
