using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Execution;

/// <summary>A step about to run, for live views: which migration and phase, its position, and the step (its SQL included).</summary>
public sealed record StepStart(long Version, string Phase, int Index, int Count, Step Step);
