using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Providers.SqlServer.Live;

/// <summary>
/// Every case of <see cref="SqlServerReleaseCases"/> through <see cref="SqlServerReleaseHarness"/> on the SQL Server of
/// <see cref="TestSqlServer.ConnectionVariable"/>; skipped (never passed) without one. The GitHub workflow
/// .github/workflows/sqlserver.yml runs them (<c>--filter Category=SqlServer</c>) on the SQL Server 2022 container.
/// </summary>
[Trait("Category", "SqlServer")]
public sealed class SqlServerReleaseHarnessTests
{
    [SqlServerFact]
    public Task AddNullableColumn() => SqlServerReleaseHarness.RunAsync(SqlServerReleaseCases.AddNullableColumn);

    [SqlServerFact]
    public Task AddNotNullColumnWithDefault() => SqlServerReleaseHarness.RunAsync(SqlServerReleaseCases.AddNotNullColumnWithDefault);

    [SqlServerFact]
    public Task RenameColumn() => SqlServerReleaseHarness.RunAsync(SqlServerReleaseCases.RenameColumn);

    [SqlServerFact]
    public Task RenameTable() => SqlServerReleaseHarness.RunAsync(SqlServerReleaseCases.RenameTable);

    [SqlServerFact]
    public Task DropColumn() => SqlServerReleaseHarness.RunAsync(SqlServerReleaseCases.DropColumn);

    [SqlServerFact]
    public Task CreateIndex() => SqlServerReleaseHarness.RunAsync(SqlServerReleaseCases.CreateIndex);

    [SqlServerFact]
    public Task AddForeignKey() => SqlServerReleaseHarness.RunAsync(SqlServerReleaseCases.AddForeignKey);

    [SqlServerFact]
    public Task UpdateAllRowsOnCompositeKey() => SqlServerReleaseHarness.RunAsync(SqlServerReleaseCases.UpdateAllRowsOnCompositeKey);

    [SqlServerFact]
    public Task SetExistingRowsToOnCompositeKey() => SqlServerReleaseHarness.RunAsync(SqlServerReleaseCases.SetExistingRowsToOnCompositeKey);
}
