using FluentMigrator.Expressions;
using SafeMigrate.Loading;

namespace SafeMigrate.Planning;

/// <summary>A migration and the Up expressions it produced (conventions applied, hidden expressions included).</summary>
public sealed record MigrationUnit(MigrationDescriptor Descriptor, IReadOnlyList<IMigrationExpression> Expressions)
{
    public long Version => Descriptor.Version;

    /// <summary>Every migration of a loaded assembly, with its expressions for <paramref name="provider"/> (IfDatabase resolved for it).</summary>
    public static IReadOnlyList<MigrationUnit> FromAssembly(MigrationAssembly assembly, DatabaseProvider provider = DatabaseProvider.Postgres) =>
        assembly.Migrations.Select(m => new MigrationUnit(m, assembly.CollectUpExpressions(m, provider))).ToList();
}
