using SafeMigrate.Steps;
namespace SafeMigrate.Planning;

/// <summary>The steps of one migration: those of expand, of contract, and those that undo its expand.</summary>
public sealed record PlannedMigration(
    long Version,
    string Description,
    IReadOnlyList<Step> Expand,
    IReadOnlyList<Step> Contract,
    IReadOnlyList<Step> Rollback)
{
    /// <summary>The expand and contract steps that cannot run online on the target server (see <see cref="Step.BlocksWrites"/>).</summary>
    public IEnumerable<(string Phase, Step Step)> BlockingSteps =>
        Expand.Where(s => s.BlocksWrites).Select(s => ("expand", s)).Concat(Contract.Where(s => s.BlocksWrites).Select(s => ("contract", s)));
}
