using System.Text.RegularExpressions;

namespace SafeMigrate.Providers.SqlServer;

/// <summary>
/// Spells a FluentMigrator SQL Server type the way <see cref="SqlServerCatalog"/> reads a column's type, so the planner
/// can tell a real type change from the same type written differently: upper case, no spaces, and the defaults SQL
/// Server applies made explicit (<c>DATETIME2</c> is <c>DATETIME2(7)</c>, <c>DECIMAL</c> is <c>DECIMAL(18,0)</c>).
/// A type spelled some other way reads as a change, which only costs the longer, still safe, recipe.
/// </summary>
internal static partial class SqlServerTypeNames
{
    public static string Normalize(string type)
    {
        var compact = Whitespace().Replace(type, string.Empty).ToUpperInvariant();
        return compact switch
        {
            "DATETIME2" or "DATETIMEOFFSET" or "TIME" => compact + "(7)",
            "DECIMAL" or "NUMERIC" => compact + "(18,0)",
            "CHAR" or "NCHAR" or "VARCHAR" or "NVARCHAR" or "BINARY" or "VARBINARY" => compact + "(1)",
            _ when PrecisionOnly().Match(compact) is { Success: true } m => $"{m.Groups["name"].Value}({m.Groups["precision"].Value},0)",
            _ => compact,
        };
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(?<name>DECIMAL|NUMERIC)\((?<precision>\d+)\)$")]
    private static partial Regex PrecisionOnly();
}
