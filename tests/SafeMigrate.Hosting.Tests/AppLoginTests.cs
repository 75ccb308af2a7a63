using Npgsql;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Hosting.Tests;

/// <summary>The app's own login, no superuser and no CREATE on the database, is enough to beat and to read the phases.</summary>
public sealed class AppLoginTests
{
    [Fact]
    public async Task AnAppLoginWithoutCreateRights_BeatsAndReadsThePhases_OnceARunCreatedTheState()
    {
        var connectionString = await HostingDatabase.AtRelease1Async("app_login", rows: 10);
        var role = "app_" + Guid.NewGuid().ToString("N")[..8];
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        // What a team's app login typically has: connect, and the app's own tables; nothing in safe_migrate by hand.
        await HostingDatabase.ExecuteAsync(connectionString, $"""
            CREATE ROLE {role} LOGIN PASSWORD 'app-secret';
            REVOKE CREATE ON DATABASE "{database}" FROM PUBLIC;
            GRANT SELECT ON "VersionInfo" TO {role};
            """);
        var app = new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = "app-secret" }.ConnectionString;
        var instances = new AppInstances(app, DatabaseProvider.Postgres);

        await instances.BeatAsync(new AppInstanceBeat("instance-1", "v1", 1, "host-a", TimeSpan.FromSeconds(10)), default);
        var phases = await instances.ReadMigrationsAsync(default);
        var live = (await new SafeMigrator(connectionString).ReadStatusAsync(null)).Instances;
        await instances.LeaveAsync("instance-1", default);

        Assert.Equal([(1L, MigrationPhase.Contracted)], phases.Select(p => (p.Version, p.Phase)));
        Assert.Equal(["instance-1 v1 1 host-a"], live.Select(i => $"{i.InstanceId} {i.AppVersion} {i.NewestMigration} {i.HostName}"));
        Assert.Empty((await new SafeMigrator(connectionString).ReadStatusAsync(null)).Instances);
    }

    [Fact]
    public async Task ABeatThatCannotBeWritten_SaysWhyInOneLine_WithoutThePassword()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("app_login_fresh");
        var role = "app_" + Guid.NewGuid().ToString("N")[..8];
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await HostingDatabase.ExecuteAsync(connectionString, $"""
            CREATE ROLE {role} LOGIN PASSWORD 'app-secret';
            REVOKE CREATE ON DATABASE "{database}" FROM PUBLIC;
            """);
        var app = new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = "app-secret" }.ConnectionString;

        // No SafeMigrate run has created the state yet, and this login may not create a schema.
        var error = await Assert.ThrowsAsync<Errors.DatabaseFailureException>(() =>
            new AppInstances(app, DatabaseProvider.Postgres).BeatAsync(new AppInstanceBeat("instance-1", "v1", 1, "host-a", TimeSpan.FromSeconds(10)), default));

        Assert.StartsWith("Cannot write the heartbeat: 42501: permission denied for database", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("app-secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }
}
