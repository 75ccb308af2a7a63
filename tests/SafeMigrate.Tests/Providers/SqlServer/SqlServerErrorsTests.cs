using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Providers.SqlServer;
using Xunit;
using static SafeMigrate.Tests.Providers.SqlServer.SqlServerOperationMigrations;

namespace SafeMigrate.Tests.Providers.SqlServer;

/// <summary>
/// A permission the connecting user lacks, or a read-only database, on SQL Server: one line with the server's message,
/// its error number and what to grant or change, instead of an unexpected failure. Over <see cref="FakeSqlServer"/>
/// (no SQL Server runs here), which raises the server's error numbers.
/// </summary>
public sealed class SqlServerErrorsTests
{
    private static readonly SafeMigratorOptions Options = new() { MaxLockAttempts = 3, DrainPollInterval = TimeSpan.FromMilliseconds(1) };

    [Theory]
    [InlineData(SqlServerErrors.DatabasePermissionDenied, "GRANT it to the user")]
    [InlineData(SqlServerErrors.ObjectPermissionDenied, "GRANT it to the user")]
    [InlineData(SqlServerErrors.ActionPermissionDenied, "db_owner")]
    [InlineData(SqlServerErrors.NoDatabaseAccess, "CREATE USER")]
    [InlineData(SqlServerErrors.ReadOnlyDatabase, "SET READ_WRITE")]
    public async Task Expand_StateSchemaDenied_SaysWhatToGrantOrChange(int number, string remedy)
    {
        var server = Server();
        server.Before = c => c.Sql == SqlServerStateSchema.Sql.Create ? throw new FakeSqlError(number) : null;

        var failure = await Assert.ThrowsAsync<DatabaseFailureException>(() => new SafeMigrator(server.Database(), Options).ExpandAsync(Units()));

        Assert.StartsWith("The database refused SafeMigrate's work: SQL Server error", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"(error {number})", failure.Message, StringComparison.Ordinal);
        Assert.Contains(remedy, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.DoesNotContain(server.Commands, c => c.Sql.Contains("ALTER TABLE [dbo].[users]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expand_StepDenied_NamesTheStepAndThePermission()
    {
        var server = Server();
        server.Before = c => c.Sql.StartsWith("ALTER TABLE [dbo].[users] ADD [nickname]", StringComparison.Ordinal) ? throw new FakeSqlError(SqlServerErrors.ObjectPermissionDenied) : null;

        var failure = await Assert.ThrowsAsync<DatabaseFailureException>(() => new SafeMigrator(server.Database(), Options).ExpandAsync(Units()));

        Assert.StartsWith("Migration 1, expand step 1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("(error 229): the connecting user lacks the permission the message names", failure.Message, StringComparison.Ordinal);
        Assert.Contains("resumes at this step", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SqlServerErrors.LockTimeout)]
    [InlineData(208)]
    public void OtherErrors_AreNotAccessDenied(int number) =>
        Assert.Null(FakeSqlError.Errors.DescribeAccessDenied(new FakeSqlError(number)));

    private static FakeSqlServer Server()
    {
        var server = new FakeSqlServer();
        server.AddTable("users", ("id", "INT", true), ("name", "NVARCHAR(100)", false));
        return server;
    }

    private static IReadOnlyList<MigrationUnit> Units() => MigrationInstances.Collect(DatabaseProvider.SqlServer, [new AddNullableColumn()]);
}
