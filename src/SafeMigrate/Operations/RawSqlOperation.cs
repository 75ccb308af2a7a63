using SafeMigrate.Dialects;
using SafeMigrate.FluentMigrator;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// Raw SQL whose phase the author declared (see <see cref="MigrationPhaseExtensions"/>) or that SafeMigrate
/// recognised. A statement the server refuses inside a transaction (CONCURRENTLY, RESUMABLE) runs alone, outside one.
/// </summary>
/// <param name="undone">False for a data change rollback cannot undo (a raw UPDATE or DELETE): the plan says so.</param>
internal sealed class RawSqlOperation(SqlDialect dialect, string sql, DeclaredPhase phase, string? rollbackSql, bool undone = true) : Operation
{
    public override string Description => $"raw SQL ({phase.ToString().ToLowerInvariant()}): {Shorten(sql)}{(undone ? string.Empty : " (not undone by rollback)")}";

    public override IReadOnlyList<Step> Expand() => phase == DeclaredPhase.Expand ? [dialect.RawSqlStep(Description, sql)] : [];

    public override IReadOnlyList<Step> Contract() => phase == DeclaredPhase.Contract ? [dialect.RawSqlStep(Description, sql)] : [];

    public override IReadOnlyList<Step> Rollback() =>
        phase == DeclaredPhase.Expand && rollbackSql is not null ? [dialect.RawSqlStep("undo " + Description, rollbackSql)] : [];

    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= 80 ? line : line[..77] + "...";
    }
}
