using Xunit;

namespace SafeMigrate.Testing;

/// <summary>
/// A test that needs a real SQL Server: reported as skipped (never as passed) unless
/// <see cref="TestSqlServer.ConnectionVariable"/> names one. No SQL Server runs on the development machines; the GitHub
/// workflow <c>.github/workflows/sqlserver.yml</c> starts one and fails when any of these tests is skipped there.
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (!TestSqlServer.IsConfigured)
        {
            Skip = TestSqlServer.SkipReason;
        }
    }
}
