using System.Data;
using FluentMigrator.Expressions;

namespace SafeMigrate.FluentMigrator;

/// <summary>
/// A column's type changed with an explicit conversion (PostgreSQL's <c>ALTER COLUMN … TYPE … USING …</c>, which
/// <c>Alter.Column</c> cannot express): see <see cref="ColumnConversionExtensions.ConvertColumn"/>. It is a
/// <see cref="PerformDBOperationExpression"/>: a plain FluentMigrator run executes that one statement on the
/// migration's connection and transaction; SafeMigrate plans the shadow-column recipe with the conversion instead.
/// </summary>
public sealed class ColumnConversionExpression : PerformDBOperationExpression
{
    public ColumnConversionExpression(string? schemaName, string tableName, string columnName, string newType, string usingExpression)
    {
        Schema = schemaName;
        Table = tableName;
        Column = columnName;
        NewType = newType;
        UsingExpression = usingExpression;
        base.Operation = RunInPlace;
    }

    public string? Schema { get; }

    public string Table { get; }

    public string Column { get; }

    /// <summary>The new type as PostgreSQL spells it (<c>integer</c>, <c>numeric(12,2)</c>, <c>timestamptz</c>).</summary>
    public string NewType { get; }

    /// <summary>The value of the column in the new type, an expression over the row's columns (<c>"TvdbId"::integer</c>).</summary>
    public string UsingExpression { get; }

    /// <summary>The statement a plain FluentMigrator run executes.</summary>
    public string InPlaceSql => $"ALTER TABLE {QualifiedTable} ALTER COLUMN {Quote(Column)} TYPE {NewType} USING {UsingExpression}";

    internal string QualifiedTable => Schema is null ? Quote(Table) : $"{Quote(Schema)}.{Quote(Table)}";

    public override string ToString() => $"ConvertColumn {Table}.{Column} to {NewType} USING {UsingExpression}";

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private void RunInPlace(IDbConnection connection, IDbTransaction transaction)
    {
        // USING is PostgreSQL's; T-SQL's ALTER COLUMN converts with the implicit cast only.
        if (!connection.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"ConvertColumn({Table}.{Column}) is PostgreSQL's ALTER COLUMN … TYPE … USING; this connection is {connection.GetType().Name}.");
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InPlaceSql;
        command.ExecuteNonQuery();
    }
}
