using System.Text.RegularExpressions;
using FluentMigrator.Runner;
using SafeMigrate.Dialects;

namespace SafeMigrate.Providers.Postgres;

/// <summary>The SQL FluentMigrator's own PostgreSQL generator (processor PostgreSQL15_0 in 8.0.1) writes for an expression.</summary>
internal sealed partial class FluentMigratorPostgresSql() : FluentMigratorSql(runner => runner.AddPostgres())
{
    protected override Regex AddColumnType => AddColumnTypePattern();

    protected override Regex UpdateSet => UpdateSetPattern();

    [GeneratedRegex("""ADD "c" (?<type>.+?)( NULL)?;?$""", RegexOptions.Singleline)]
    private static partial Regex AddColumnTypePattern();

    [GeneratedRegex(""" SET (?<set>.+) WHERE 1 = 1;?$""", RegexOptions.Singleline)]
    private static partial Regex UpdateSetPattern();
}
