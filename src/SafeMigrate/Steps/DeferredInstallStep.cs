namespace SafeMigrate.Steps;

/// <summary>
/// In the plan of a new database: a migration whose steps are known only once the earlier ones have run (its
/// <c>Up()</c> asks the schema after raw SQL or a data fix whose effect cannot be foreseen). Expand collects it
/// against the database as the earlier ones left it, then runs it as plain FluentMigrator would.
/// </summary>
public sealed record DeferredInstallStep(string Description) : Step(Description)
{
    public override string? Sql => null;

    public override bool Transactional => false;
}
