namespace SafeMigrate.Dialects.Postgres;

/// <summary>A column of a table or view as the catalog shows it; <paramref name="Type"/> as <c>format_type</c> spells it.</summary>
public sealed record CatalogColumn(string Schema, string Table, string Column, string Type, bool NotNull)
{
    /// <summary>Indexes and constraints on the column (PostgreSQL's catalog reads them; elsewhere none are known).</summary>
    public ColumnDependents Dependents { get; init; } = ColumnDependents.None;
}
