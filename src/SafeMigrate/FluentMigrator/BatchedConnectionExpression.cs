using System.Data;
using FluentMigrator.Expressions;

namespace SafeMigrate.FluentMigrator;

/// <summary>
/// A C# data fix over one table, run batch by batch (<see cref="MigrationPhaseExtensions.WithConnectionInBatches"/>). It
/// is a <see cref="PerformDBOperationExpression"/>, so a plain FluentMigrator run executes it as
/// <c>Execute.WithConnection</c>: one call with the processor's connection and the migration's transaction, and a
/// <see cref="DataFixBatch"/> covering the whole table.
/// </summary>
public sealed class BatchedConnectionExpression : PerformDBOperationExpression
{
    public BatchedConnectionExpression(string? schemaName, string tableName, Action<IDbConnection, IDbTransaction, DataFixBatch> fix, DeclaredPhase phase)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentNullException.ThrowIfNull(fix);
        Schema = schemaName;
        Table = tableName;
        Fix = fix;
        Phase = phase;
        base.Operation = (connection, transaction) => fix(connection, transaction, DataFixBatch.WholeTable(schemaName, tableName));
    }

    /// <summary>The table's schema, or null for the provider's default one.</summary>
    public string? Schema { get; }

    /// <summary>The table the fix walks in key order.</summary>
    public string Table { get; }

    /// <summary>The author's callback, called once per batch.</summary>
    public Action<IDbConnection, IDbTransaction, DataFixBatch> Fix { get; }

    public DeclaredPhase Phase { get; }

    public override string ToString() => $"PerformDBOperation ({Phase}, in batches over {Table})";
}
