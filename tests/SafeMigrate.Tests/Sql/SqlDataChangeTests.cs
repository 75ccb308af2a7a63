using SafeMigrate.Sql;
using Xunit;

namespace SafeMigrate.Tests.Sql;

/// <summary>
/// UPDATE and DELETE read from raw SQL (<see cref="SqlStatement.ReadDataChange"/>): which table, whether the statement's
/// own WHERE bounds it, and whether a whole-table UPDATE can run batch by batch with its SET list as written.
/// </summary>
public sealed class SqlDataChangeTests
{
    private static SqlDataChange? Read(string sql, SqlFlavor flavor = SqlFlavor.Postgres) =>
        Assert.Single(RawSqlReader.Read(sql, flavor).Statements).ReadDataChange(flavor);

    [Theory]
    [InlineData("UPDATE users SET name = NULL WHERE id > 10", "Update", null, "users")]
    [InlineData("update Public.Users set name = null where id > 10", "Update", "public", "users")]
    [InlineData("UPDATE \"Sales\".\"Orders\" SET \"Total\" = 0 WHERE \"Id\" = 1", "Update", "Sales", "Orders")]
    [InlineData("DELETE FROM ONLY audit WHERE at < now() - interval '1 year'", "Delete", null, "audit")]
    [InlineData("DELETE audit WHERE id = 1", "Delete", null, "audit")]
    [InlineData("UPDATE u SET name = t.title FROM teams t WHERE t.id = u.team_id", "Update", null, "u")]
    public void Bounded_TableAsTheServerReadsIt(string sql, string kind, string? schema, string table)
    {
        var change = Read(sql);

        Assert.NotNull(change);
        Assert.Equal(kind, change.Kind.ToString());
        Assert.Equal(schema, change.Schema);
        Assert.Equal(table, change.Table);
        Assert.True(change.Bounded);
        Assert.Null(change.SetClause);
        Assert.Equal(SqlPhase.Expand, RawSqlReader.Read(sql, SqlFlavor.Postgres).Phase);
    }

    [Fact]
    public void SqlServer_KeepsTheCaseOfNames() =>
        Assert.Equal("Users", Read("UPDATE [dbo].[Users] SET [Name] = NULL WHERE [Id] = 1", SqlFlavor.SqlServer)?.Table);

    [Theory]
    [InlineData("UPDATE users SET email = lower(email)", "email = lower(email)")]
    [InlineData("UPDATE \"users\" SET \"a\" = \"b\", \"c\" = NULL;", "\"a\" = \"b\", \"c\" = NULL")]
    // A WHERE inside a subquery does not bound the statement; a correlated read of another table is fine batch by batch.
    [InlineData("UPDATE orders SET customer_name = (SELECT name FROM customers c WHERE c.id = orders.customer_id)", "customer_name = (SELECT name FROM customers c WHERE c.id = orders.customer_id)")]
    [InlineData("UPDATE settings SET value = replace(value, 'WHERE', 'where') -- WHERE in a comment", "value = replace(value, 'WHERE', 'where')")]
    public void WholeTableUpdate_SetListAsWritten(string sql, string setClause)
    {
        var change = Read(sql);

        Assert.NotNull(change);
        Assert.False(change.Bounded);
        Assert.Equal(setClause, change.SetClause);
        Assert.Null(change.NotBatchable);
        Assert.Equal(SqlPhase.Expand, RawSqlReader.Read(sql, SqlFlavor.Postgres).Phase);
    }

    [Theory]
    [InlineData("UPDATE users u SET name = 'x'", "alias")]
    [InlineData("UPDATE users SET name = teams.title FROM teams", "FROM")]
    [InlineData("UPDATE users SET name = 'x' RETURNING id", "RETURNING")]
    [InlineData("UPDATE users SET rank = (SELECT count(*) FROM users AS other WHERE other.id < users.id)", "reads the table it updates")]
    [InlineData("UPDATE users SET rank = 1 + (SELECT count(*) FROM teams JOIN public.users ON true)", "reads the table it updates")]
    public void WholeTableUpdate_NotBatchable_SaysWhy(string sql, string reason)
    {
        var change = Read(sql);

        Assert.NotNull(change);
        Assert.Null(change.SetClause);
        Assert.Contains(reason, change.NotBatchable, StringComparison.Ordinal);
        Assert.Equal(SqlPhase.Unknown, RawSqlReader.Read(sql, SqlFlavor.Postgres).Phase);
    }

    /// <summary>A plain whole-table DELETE runs in batches in expand; with anything after its table, it has no phase.</summary>
    [Fact]
    public void WholeTableDelete_PlainIsExpand_WithMoreHasNoPhase()
    {
        var change = Read("DELETE FROM audit");

        Assert.NotNull(change);
        Assert.False(change.Bounded);
        Assert.True(change.PlainDeleteOfEveryRow);
        Assert.Equal(SqlPhase.Expand, RawSqlReader.Read("DELETE FROM audit", SqlFlavor.Postgres).Phase);
        Assert.False(Read("DELETE FROM audit RETURNING id")!.PlainDeleteOfEveryRow);
        Assert.Equal(SqlPhase.Unknown, RawSqlReader.Read("DELETE FROM audit RETURNING id", SqlFlavor.Postgres).Phase);
    }

    [Theory]
    [InlineData("WITH old AS (SELECT id FROM users) UPDATE users SET name = NULL WHERE id IN (SELECT id FROM old)")]
    [InlineData("UPDATE TOP (100) users SET name = NULL")]
    [InlineData("INSERT INTO users (id) VALUES (1)")]
    [InlineData("MERGE INTO users USING teams ON users.id = teams.id WHEN MATCHED THEN DELETE")]
    public void OtherStatements_AreNoDataChange(string sql) => Assert.Null(Read(sql, SqlFlavor.SqlServer));

    [Fact]
    public void SeveralBoundedChanges_AreOneExpandFix_ButNotWithAWholeTableOne()
    {
        Assert.Equal(SqlPhase.Expand, RawSqlReader.Read("UPDATE a SET x = 1 WHERE id = 1; DELETE FROM b WHERE id = 2;", SqlFlavor.Postgres).Phase);
        Assert.Equal(SqlPhase.Unknown, RawSqlReader.Read("UPDATE a SET x = 1 WHERE id = 1; UPDATE b SET y = 2", SqlFlavor.Postgres).Phase);
        Assert.Equal(SqlPhase.Unknown, RawSqlReader.Read("UPDATE a SET x = 1 WHERE id = 1; DROP TABLE b", SqlFlavor.Postgres).Phase);
    }
}
