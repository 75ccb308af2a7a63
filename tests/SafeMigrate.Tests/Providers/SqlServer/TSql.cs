using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>Parses T-SQL the way SQL Server 2022 (compatibility 160) reads it; no server involved.</summary>
internal static class TSql
{
    /// <summary>The parse errors of <paramref name="sql"/> as one line each (empty when it parses).</summary>
    public static IReadOnlyList<string> ParseErrors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}").ToList();
    }

    /// <summary>The batches of <paramref name="sql"/>; a step must be exactly one (no GO separators).</summary>
    public static int BatchCount(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = (TSqlScript)parser.Parse(reader, out _);
        return fragment.Batches.Count;
    }
}
