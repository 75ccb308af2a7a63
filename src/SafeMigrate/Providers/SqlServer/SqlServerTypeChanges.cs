using System.Text.RegularExpressions;
using SafeMigrate.Catalog;
using SafeMigrate.Planning;
using SafeMigrate.Dialects;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// The survival rule of <see cref="Postgres.PostgresTypeChanges"/> for SQL Server, on the spellings of
/// <see cref="SqlServerTypeNames"/>. Both SQL Server recipes (shadow column, and the online <c>ALTER COLUMN</c> in
/// contract on Enterprise) leave the original column, of the old type, as the one both versions write during the
/// overlap, so a value the new version writes must survive the old type or be rejected:
/// <list type="bullet">
/// <item>integers (<c>TINYINT</c>, <c>SMALLINT</c>, <c>INT</c>, <c>BIGINT</c>): an out-of-range value fails with an
/// arithmetic overflow on either type;</item>
/// <item>the same string kind (<c>VARCHAR</c>, <c>NVARCHAR</c>, <c>VARBINARY</c>) at a length no longer than the old
/// one: a too-long value fails with "String or binary data would be truncated" (<c>ANSI_WARNINGS</c> on, the default
/// of every modern driver). A longer limit is refused: a value whose excess over the old limit is only trailing spaces
/// may be cut to the old limit (the SQL standard's rule; not verified on SQL Server here). Switching between
/// <c>VARCHAR</c> and <c>NVARCHAR</c> is refused: the old code page would replace characters it cannot hold with '?';</item>
/// <item><c>DECIMAL</c>/<c>NUMERIC</c> at the same scale: one rounding, to the same scale.</item>
/// </list>
/// A longer limit of the same variable-length type with nothing depending on the column is changed in place, in
/// expand (metadata only). Everything else is refused. Not tested against a real SQL
/// Server on this project's CI (none runs there); see docs/sqlserver.md.
/// </summary>
internal static partial class SqlServerTypeChanges
{
    private static readonly string[] Integers = ["TINYINT", "SMALLINT", "INT", "BIGINT"];

    /// <param name="dependents">What depends on the column: a longer limit runs in place only when nothing does.</param>
    public static TypeChangeDecision Decide(string fromType, string toType, ColumnDependents? dependents = null)
    {
        var from = TypeName().Match(fromType);
        var to = TypeName().Match(toType);
        if (!from.Success || !to.Success)
        {
            return Refuse(fromType, toType, string.Empty);
        }

        var fromName = from.Groups["name"].Value;
        var toName = to.Groups["name"].Value;
        if (Integers.Contains(fromName) && Integers.Contains(toName) && !from.Groups["a"].Success && !to.Groups["a"].Success)
        {
            return TypeChangeDecision.Shadow($"every {toType} value the new version writes into the {fromType} column during the overlap is stored exactly or fails with an arithmetic overflow");
        }

        if (fromName == toName && fromName is "VARCHAR" or "NVARCHAR" or "VARBINARY" && from.Groups["a"].Success && to.Groups["a"].Success && !from.Groups["b"].Success && !to.Groups["b"].Success)
        {
            if (Length(to) <= Length(from))
            {
                return TypeChangeDecision.Shadow($"every {toType} value the new version writes into the {fromType} column during the overlap is stored as written or fails as truncated");
            }

            // A longer limit of the same variable-length type changes only the column's metadata: no row is read or
            // written (ALTER COLUMN then holds Sch-M for a moment). An index, CHECK, computed column or foreign key on
            // the column is checked or rebuilt with it, so those keep the refusal below.
            if (to.Groups["a"].Value != "MAX" && from.Groups["a"].Value != "MAX" && (dependents ?? ColumnDependents.None) == ColumnDependents.None)
            {
                return TypeChangeDecision.InPlace($"a longer {fromName} limit is a metadata change on SQL Server: no row is read or rewritten");
            }

            return Refuse(fromType, toType, " (a value longer than the old limit whose excess is trailing spaces may be stored cut to the old limit: the SQL standard's rule, not verified on SQL Server here)");
        }

        if (fromName is "DECIMAL" or "NUMERIC" && toName is "DECIMAL" or "NUMERIC" && from.Groups["b"].Success && to.Groups["b"].Success)
        {
            return from.Groups["b"].Value == to.Groups["b"].Value
                ? TypeChangeDecision.Shadow($"{fromType} rounds to the same scale as {toType}: a value the new version writes is stored as plain FluentMigrator would, or fails with an arithmetic overflow")
                : Refuse(fromType, toType, " (the scale changes: the new version's values would be rounded to the old scale first)");
        }

        return Refuse(fromType, toType, fromName is "VARCHAR" && toName is "NVARCHAR" ? " (characters outside the old code page would be stored as '?')" : string.Empty);
    }

    private static long Length(Match type) => type.Groups["a"].Value == "MAX" ? long.MaxValue : long.Parse(type.Groups["a"].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static TypeChangeDecision Refuse(string fromType, string toType, string example) =>
        TypeChangeDecision.Refuse($"during the overlap the new version's values go through the old {fromType} column and may be stored changed when converted to {toType}{example}.");

    [GeneratedRegex(@"^(?<name>[A-Z0-9]+)(\((?<a>\d+|MAX)(,(?<b>\d+))?\))?$")]
    private static partial Regex TypeName();
}
