using FluentMigrator;
using SafeMigrate.Errors;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Operations;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// State SafeMigrate cannot act on, written into a real release's state tables with SQL: every command refuses it with
/// <see cref="InvalidStateException"/> before touching anything (the whole database, state included, is as it was).
/// </summary>
public sealed class StateIntegrityTests
{
    [Migration(1)]
    private sealed class RenameEmail : Migration
    {
        public override void Up() => Rename.Column("email").OnTable("users").To("email_address");

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class AddNickname : Migration
    {
        public override void Up() => Create.Column("nickname").OnTable("users").AsString(50).Nullable();

        public override void Down() { }
    }

    public static TheoryData<string, string> Corruptions()
    {
        var data = new TheoryData<string, string>();
        foreach (var corruption in new[] { "unknown phase", "checkpoint", "expand record", "missing migration" })
        {
            foreach (var command in new[] { "expand", "contract", "rollback", "plan" })
            {
                // A plan reads only; a live check reports such a migration as SM5103 (MissingMigration_PlanPlansTheGivenOnes).
                if (corruption != "missing migration" || command != "plan")
                {
                    data.Add(corruption, command);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public async Task UnreadableState_EveryCommandRefuses_NothingChanged(string corruption, string command)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("state");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users);
            var all = MigrationInstances.Collect(new RenameEmail(), new AddNickname());
            var migrator = new SafeMigrator(connectionString, Options);
            await migrator.ExpandAsync(all);

            var (sql, given, expected) = corruption switch
            {
                "unknown phase" => (
                    "ALTER TABLE safe_migrate.migration_state DROP CONSTRAINT migration_state_phase_check; UPDATE safe_migrate.migration_state SET phase = 'foo' WHERE version = 2",
                    all, "Migration 2 has phase 'foo'"),
                "checkpoint" => (
                    "UPDATE safe_migrate.step_state SET status = 'running', checkpoint = '{\"format\": 9}' WHERE version = 1 AND checkpoint IS NOT NULL",
                    all, "The backfill checkpoint of migration 1, expand step"),
                "expand record" => (
                    "UPDATE safe_migrate.migration_state SET expand_record = '{\"install\": tru' WHERE version = 1",
                    all, "The expand record of migration 1"),
                _ => (
                    "SELECT 1",
                    MigrationInstances.Collect(new AddNickname()), "Migration(s) 1 (expanded) are in progress in this database but not among the given migrations"),
            };
            await ExecuteAsync(connectionString, sql);
            var before = await DatabaseDump.ReadAsync(connectionString);

            var refused = await Assert.ThrowsAsync<InvalidStateException>(() => command switch
            {
                "expand" => migrator.ExpandAsync(given),
                "contract" => migrator.ContractAsync(given),
                "rollback" => migrator.RollbackAsync(given),
                _ => migrator.PlanAsync(given),
            });

            Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
            Assert.Contains("nothing was run", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', refused.Message);
            Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task MissingMigration_PlanPlansTheGivenOnes()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("missingplan");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users);
            var migrator = new SafeMigrator(connectionString, Options);
            await migrator.ExpandAsync(MigrationInstances.Collect(new RenameEmail(), new AddNickname()));

            var plan = await migrator.PlanAsync(MigrationInstances.Collect(new AddNickname()));

            Assert.Equal([2L], plan.Migrations.Select(m => m.Version));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task ContractedMigrationTheAssemblyNoLongerHas_IsHistory_TheNextReleaseRuns()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("squashed");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users);
            var migrator = new SafeMigrator(connectionString, Options);
            var first = MigrationInstances.Collect(new RenameEmail());
            await migrator.ExpandAsync(first);
            await migrator.ContractAsync(first);

            // A later assembly squashed its history: migration 1's class is gone.
            var next = MigrationInstances.Collect(new AddNickname());
            await migrator.ExpandAsync(next);
            await migrator.ContractAsync(next);

            Assert.Equal(MigrationPhase.Contracted, (await migrator.StatusAsync(next))[2]);
            var status = await migrator.ReadStatusAsync(next.Select(u => u.Descriptor).ToList());
            Assert.Equal([(1L, MigrationPhase.Contracted, false), (2L, MigrationPhase.Contracted, true)], status.Migrations.Select(m => (m.Version, m.Phase, m.InAssembly)));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task UnknownPhase_StatusShowsItWithTheStoredText()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("statusunknown");
        try
        {
            await ExecuteAsync(connectionString, Schemas.Users);
            var all = MigrationInstances.Collect(new RenameEmail(), new AddNickname());
            var migrator = new SafeMigrator(connectionString, Options);
            await migrator.ExpandAsync(all);
            await ExecuteAsync(connectionString,
                "ALTER TABLE safe_migrate.migration_state DROP CONSTRAINT migration_state_phase_check; UPDATE safe_migrate.migration_state SET phase = 'Expanded ' WHERE version = 2");

            var status = await migrator.ReadStatusAsync(all.Select(u => u.Descriptor).ToList());

            Assert.Equal(
                [(1L, MigrationPhase.Expanded, (string?)null), (2L, MigrationPhase.Unknown, "Expanded ")],
                status.Migrations.Select(m => (m.Version, m.Phase, m.StoredPhase)));
            await Assert.ThrowsAsync<InvalidStateException>(() => migrator.StatusAsync(all));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
