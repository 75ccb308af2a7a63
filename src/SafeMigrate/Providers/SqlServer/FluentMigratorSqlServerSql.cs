using System.Text.RegularExpressions;
using FluentMigrator.Runner;
using SafeMigrate.Dialects;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// The T-SQL FluentMigrator's own SQL Server generator (processor SqlServer2016 in 8.0.1) writes for an expression:
/// bracketed identifiers, <c>dbo</c> for an empty schema, default constraints named <c>DF_table_column</c>.
/// </summary>
internal sealed partial class FluentMigratorSqlServerSql() : FluentMigratorSql(runner => runner.AddSqlServer2016())
{
    protected override Regex AddColumnType => AddColumnTypePattern();

    protected override Regex UpdateSet => UpdateSetPattern();

    [GeneratedRegex("""ADD \[c\] (?<type>.+?)( NULL)?;?$""", RegexOptions.Singleline)]
    private static partial Regex AddColumnTypePattern();

    [GeneratedRegex(""" SET (?<set>.+) WHERE 1 = 1;?$""", RegexOptions.Singleline)]
    private static partial Regex UpdateSetPattern();
}
