using SafeMigrate.Dialects.Postgres;
using SafeMigrate.Planning;
using static SafeMigrate.Dialects.Postgres.PostgresIdentifiers;

namespace SafeMigrate.Operations;

/// <summary>The three steps of SET NOT NULL without a long lock (see <see cref="NotNullSql"/>), shared by the operations that need it.</summary>
public static class NotNullSteps
{
    /// <param name="finalSql">The statement that sets NOT NULL once the check is validated (FluentMigrator's ALTER COLUMN, say); default: SET NOT NULL.</param>
    /// <param name="onlyIf">A condition checked when the check is added (e.g. the old column of a rename was NOT NULL).</param>
    public static IReadOnlyList<Step> For(string? schema, string table, string column, string? finalSql = null, string? onlyIf = null)
    {
        var check = SafeMigrateNames.NotNullCheck(schema, table, column);
        var name = $"{Table(schema, table)}.{Quote(column)}";
        return
        [
            new SqlStep($"add CHECK ({Quote(column)} IS NOT NULL) NOT VALID on {name} (no scan)", NotNullSql.AddCheck(schema, table, column, check, onlyIf)),
            new SqlStep($"validate the NOT NULL check of {name} (SHARE UPDATE EXCLUSIVE: writes go on)", NotNullSql.Validate(schema, table, check)),
            finalSql is null
                ? new SqlStep($"SET NOT NULL on {name} (proved by the check, no scan) and drop the check", NotNullSql.SetNotNullAndDropCheck(schema, table, column, check))
                : new SqlStep($"{finalSql.TrimEnd(';')} (NOT NULL proved by the check, no scan), then drop the check", finalSql.TrimEnd(';') + ";\n" + NotNullSql.DropCheck(schema, table, check)),
        ];
    }
}
