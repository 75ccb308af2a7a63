using FluentMigrator;
using FluentMigrator.Expressions;

namespace SafeMigrate.FluentMigrator;

/// <summary>
/// Raw SQL with the phase its author declared. A plain FluentMigrator run executes it like <c>Execute.Sql</c>, so the
/// migration stays usable without SafeMigrate.
/// </summary>
public sealed class PhasedSqlExpression : MigrationExpressionBase
{
    public PhasedSqlExpression(string sql, DeclaredPhase phase, string? rollbackSql)
    {
        SqlStatement = sql;
        Phase = phase;
        RollbackSql = rollbackSql;
    }

    public string SqlStatement { get; }

    public DeclaredPhase Phase { get; }

    /// <summary>SQL that undoes an expand statement, run by <c>rollback</c>; null when there is nothing to undo.</summary>
    public string? RollbackSql { get; }

    public override void ExecuteWith(IMigrationProcessor processor) => processor.Execute(SqlStatement);

    public override string ToString() => $"ExecuteSql ({Phase}) {SqlStatement}";
}
