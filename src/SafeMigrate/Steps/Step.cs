using SafeMigrate.Catalog;

namespace SafeMigrate.Steps;

/// <summary>
/// One unit of work of a plan, as data: operations return steps, the executor runs them, <c>plan</c> prints them.
/// Each step is checkpointed on its own in <c>safe_migrate.step_state</c>.
/// </summary>
/// <param name="Description">What the step does, in one line.</param>
public abstract record Step(string Description)
{
    /// <summary>A step whose kind says what it does to which table (a backfill, an index build).</summary>
    protected Step(string description, StepWork work, TableName? table)
        : this(description)
    {
        Work = work;
        Table = table;
    }

    /// <summary>The statement text, or null for a step that is not one statement (a backfill loop, a catalog-driven copy).</summary>
    public abstract string? Sql { get; }

    /// <summary>Whether the step's work runs in one transaction that also records it as done (then it runs exactly once); else it is idempotent.</summary>
    public abstract bool Transactional { get; }

    /// <summary>What the work costs the table it touches (<see cref="Table"/>): <c>check</c> and <c>plan</c> read this, never the SQL.</summary>
    public StepWork Work { get; init; } = StepWork.CatalogOnly;

    /// <summary>The table the step scans, rewrites or builds an index on; null for catalog-only work that needs no mention.</summary>
    public TableName? Table { get; init; }

    /// <summary>
    /// True when the target server cannot run this step online: it holds a lock that blocks the application's writes
    /// (and often its reads) for as long as a scan or an index build takes, e.g. an index build on SQL Server Standard
    /// edition. The description says so too; <c>check</c> reports it.
    /// </summary>
    public bool BlocksWrites { get; init; }

    /// <summary>
    /// For a rollback step: the object it drops or renames away, which the expand of the same migration created. Rollback
    /// skips the step when that object existed before the expand began (recorded then), so an object that was there
    /// before is never dropped, whatever went wrong.
    /// </summary>
    internal CatalogObject? Removes { get; init; }

    /// <summary>
    /// For a rollback step: the indexes, in the migration's expand steps, of the steps whose work it undoes. Rollback
    /// runs it only when one of them was recorded as started or done: it never undoes what never ran.
    /// </summary>
    internal IReadOnlyList<int> UndoesExpandSteps { get; init; } = [];

    /// <summary>
    /// For a rollback step that restores NOT NULL: the column, which must have been NOT NULL when the expand began for
    /// the step to be recorded (a column that was nullable before stays nullable).
    /// </summary>
    internal CatalogObject? RequiresNotNullBefore { get; init; }
}
