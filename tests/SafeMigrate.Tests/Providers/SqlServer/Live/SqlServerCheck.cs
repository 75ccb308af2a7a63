namespace SafeMigrate.Tests.Providers.SqlServer.Live;

/// <summary>
/// A check on the database at one point of the release: a T-SQL query returning one integer (a count) and the value it
/// must return. Checks are data, not code, so that their T-SQL is parsed here where no server runs.
/// </summary>
internal sealed record SqlServerCheck(string Description, string Sql, int Expected)
{
    public override string ToString() => Description;
}
