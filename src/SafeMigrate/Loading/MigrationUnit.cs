using FluentMigrator.Expressions;
using SafeMigrate.Loading;

namespace SafeMigrate.Loading;

/// <summary>
/// A migration and the Up expressions it produces (conventions applied, hidden expressions included). A migration of a
/// loaded assembly is collected only when a plan needs it, against a model of the database as it will be when it runs
/// (<see cref="CollectAgainst"/>): applied migrations are never collected again, and schema queries in <c>Up()</c> get
/// real answers.
/// </summary>
public sealed class MigrationUnit
{
    private readonly Func<ISchemaQueries?, IReadOnlyList<IMigrationExpression>>? _collect;
    private IReadOnlyList<IMigrationExpression>? _expressions;

    /// <summary>A migration whose expressions are already collected (tests, custom hosts).</summary>
    public MigrationUnit(MigrationDescriptor descriptor, IReadOnlyList<IMigrationExpression> expressions)
    {
        Descriptor = descriptor;
        _expressions = expressions;
    }

    private MigrationUnit(MigrationDescriptor descriptor, Func<ISchemaQueries?, IReadOnlyList<IMigrationExpression>> collect)
    {
        Descriptor = descriptor;
        _collect = collect;
    }

    public MigrationDescriptor Descriptor { get; }

    public long Version => Descriptor.Version;

    /// <summary>The expressions; a migration not collected yet is collected now with no schema to ask (a schema query in its <c>Up()</c> fails).</summary>
    public IReadOnlyList<IMigrationExpression> Expressions => _expressions ??= _collect!(null);

    /// <summary>
    /// The expressions, with the migration's schema queries answered by <paramref name="schema"/>; a migration given
    /// with its expressions returns them as they are.
    /// </summary>
    internal IReadOnlyList<IMigrationExpression> CollectAgainst(ISchemaQueries schema) => _collect is null ? Expressions : _collect(schema);

    /// <summary>A migration collected when a plan needs it, by <paramref name="collect"/> (given the schema to answer its queries, or null).</summary>
    internal static MigrationUnit Deferred(MigrationDescriptor descriptor, Func<ISchemaQueries?, IReadOnlyList<IMigrationExpression>> collect) => new(descriptor, collect);

    /// <summary>A copy whose expressions are fixed to <paramref name="expressions"/>.</summary>
    public MigrationUnit With(IReadOnlyList<IMigrationExpression> expressions) => new(Descriptor, expressions);

    /// <summary>Every migration of a loaded assembly for <paramref name="provider"/> (IfDatabase resolved for it), collected when a plan needs it.</summary>
    public static IReadOnlyList<MigrationUnit> FromAssembly(MigrationAssembly assembly, DatabaseProvider provider = DatabaseProvider.Postgres) =>
        assembly.Migrations.Select(m => new MigrationUnit(m, schema => assembly.CollectUpExpressions(m, provider, schema))).ToList();
}
