namespace SafeMigrate.Steps;

/// <summary>
/// SQL run as is. A transactional step commits together with its "done" mark, so it runs exactly once even if
/// the run is killed; a non-transactional one (e.g. <c>DROP INDEX CONCURRENTLY</c>) must be idempotent.
/// </summary>
/// <param name="Statement">One or more statements; a non-transactional step holds exactly one.</param>
/// <param name="Transactional">False for statements PostgreSQL refuses inside a transaction block (error 25001).</param>
public sealed record SqlStep(string Description, string Statement, bool Transactional = true) : Step(Description)
{
    public override string? Sql => Statement;

    public override bool Transactional { get; } = Transactional;
}
