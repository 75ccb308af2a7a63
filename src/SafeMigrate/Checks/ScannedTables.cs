using SafeMigrate.Steps;

namespace SafeMigrate.Checks;

/// <summary>
/// Which steps of a plan read a whole table or rewrite its rows, from what each step says of itself
/// (<see cref="Step.Work"/>, <see cref="Step.Table"/>): backfills (every row, in batches), index builds (two scans on
/// PostgreSQL, writes go on), constraint validations (one scan, writes go on) and raw SQL that rewrites rows. None of
/// them blocks the application where the server can run it online, but on a large table they take long, which is worth
/// knowing before a release.
/// </summary>
internal static class ScannedTables
{
    public static IEnumerable<ScannedTable> Of(Step step) => step.Table is { } table && Kind(step.Work) is { } work
        ? [new ScannedTable(table.Schema, table.Name, work, step.Description)]
        : [];

    private static string? Kind(StepWork work) => work switch
    {
        StepWork.Backfill => "a batched rewrite of every row",
        StepWork.IndexBuild => "an index build (two scans when concurrent)",
        StepWork.Scan => "a constraint validation (one scan)",
        StepWork.Rewrite => "a rewrite of every row in one statement",
        _ => null,
    };
}
