namespace SafeMigrate.Catalog;

/// <summary>
/// What depends on a column and makes an otherwise catalog-only <c>ALTER COLUMN … TYPE</c> expensive: PostgreSQL
/// re-checks every CHECK constraint on the column by a scan under ACCESS EXCLUSIVE, and for timestamp → timestamptz
/// (a new operator class) rebuilds its indexes and re-validates its foreign keys. Seen on PostgreSQL 15 through
/// <c>pg_stat_user_tables.seq_scan</c> and <c>pg_class.relfilenode</c>.
/// </summary>
/// <param name="Indexed">An index (plain, unique, primary key, expression or partial) uses the column.</param>
/// <param name="Checked">A CHECK constraint uses the column.</param>
/// <param name="ForeignKey">A foreign key uses the column, on either side.</param>
internal sealed record ColumnDependents(bool Indexed, bool Checked, bool ForeignKey)
{
    public static ColumnDependents None { get; } = new(false, false, false);
}
