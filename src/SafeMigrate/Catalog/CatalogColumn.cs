namespace SafeMigrate.Catalog;

/// <summary>A column of a table or view as the catalog shows it; <paramref name="Type"/> as <c>format_type</c> spells it.</summary>
/// <param name="NotNull">Every row is proved non-null: a validated NOT NULL.</param>
/// <param name="NotNullNotValid">
/// PostgreSQL 18: a NOT NULL constraint that is NOT VALID yet. New rows are checked (an insert of NULL fails), existing
/// rows are not proved; <c>pg_attribute.attnotnull</c> is already true.
/// </param>
internal sealed record CatalogColumn(string Schema, string Table, string Column, string Type, bool NotNull, bool NotNullNotValid = false)
{
    /// <summary>Whether a write of NULL fails now, validated or not.</summary>
    public bool RejectsNull => NotNull || NotNullNotValid;

    /// <summary>Indexes and constraints on the column (PostgreSQL's catalog reads them; elsewhere none are known).</summary>
    public ColumnDependents Dependents { get; init; } = ColumnDependents.None;
}
