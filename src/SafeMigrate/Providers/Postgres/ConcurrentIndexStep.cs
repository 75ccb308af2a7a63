using SafeMigrate.Steps;
namespace SafeMigrate.Providers.Postgres;

/// <summary>
/// <c>CREATE [UNIQUE] INDEX CONCURRENTLY</c>, outside any transaction. A failed or interrupted build leaves an
/// INVALID index of the same name behind; the executor drops it (concurrently) before trying again, and skips
/// the step when a valid index of that name already exists.
/// </summary>
/// <param name="Schema">The index's schema (the table's).</param>
/// <param name="IndexName">The name the statement creates.</param>
/// <param name="CreateSql">The statement, with CONCURRENTLY.</param>
/// <remarks>The planner sets <see cref="Step.Table"/> to the indexed table.</remarks>
internal sealed record ConcurrentIndexStep(string Description, string Schema, string IndexName, string CreateSql) : Step(Description, StepWork.IndexBuild, null)
{
    public override string? Sql => CreateSql;

    public override bool Transactional => false;
}
