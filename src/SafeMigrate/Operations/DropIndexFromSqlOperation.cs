using SafeMigrate.Dialects;
using SafeMigrate.Planning;
using SafeMigrate.Steps;

namespace SafeMigrate.Operations;

/// <summary>
/// <c>Execute.Sql("DROP INDEX [IF EXISTS] ix")</c> on PostgreSQL: as <c>Delete.Index</c>, the old version's queries may
/// rely on the index, so it goes in contract, each index dropped CONCURRENTLY (a plain DROP INDEX holds ACCESS EXCLUSIVE on
/// the table, queueing every query behind the ones still running) and IF EXISTS, so a stopped run resumes.
/// </summary>
/// <param name="indexes">The names as the statement writes them (<see cref="Sql.SqlStatement.PlainDroppedIndexes"/>).</param>
internal sealed class DropIndexFromSqlOperation(SqlDialect dialect, IReadOnlyList<string> indexes, string sql) : Operation
{
    public override string Description => $"drop index {string.Join(", ", indexes)} (Execute.Sql: {sql.Trim().TrimEnd(';')})";

    public override IReadOnlyList<Step> Contract() =>
        indexes.Select(index => dialect.DropIndexByName($"drop index {index} concurrently (Execute.Sql's DROP INDEX)", index)).ToList();
}
