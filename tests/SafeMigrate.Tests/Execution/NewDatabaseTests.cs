using FluentMigrator;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.State;
using SafeMigrate.Testing;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Execution;

/// <summary>
/// An empty database takes the whole history as plain FluentMigrator applies it (raw SQL, data fixes and schema
/// queries included), under the lock and with state and VersionInfo; a killed install resumes.
/// </summary>
public sealed class NewDatabaseTests
{
    [Migration(1)]
    private sealed class CreateShop : Migration
    {
        public override void Up()
        {
            Create.Table("customers").WithColumn("id").AsInt32().PrimaryKey().WithColumn("name").AsString(100).NotNullable();
            Execute.Sql("INSERT INTO customers (id, name) VALUES (1, 'ada'), (2, 'grace')");
        }

        public override void Down() { }
    }

    [Migration(2)]
    private sealed class RenameAndFix : Migration
    {
        public override void Up()
        {
            if (Schema.Table("customers").Column("name").Exists())
            {
                Rename.Column("name").OnTable("customers").To("full_name");
            }

            Execute.WithConnection((connection, transaction) =>
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "UPDATE customers SET full_name = upper(full_name)";
                command.ExecuteNonQuery();
            });
            Delete.Column("id").FromTable("customers");
            Create.Column("id").OnTable("customers").AsInt32().Nullable();
        }

        public override void Down() { }
    }

    [Migration(3)]
    private sealed class RenameCustomers : Migration
    {
        public override void Up() => Rename.Table("customers").To("clients");

        public override void Down() { }
    }

    [Fact]
    public async Task AfterAFinishedInstall_TheNextReleaseIsExpandedNotInstalled()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("afterinstall");
        try
        {
            var migrator = new SafeMigrator(connectionString, Options);
            await migrator.ExpandAsync(MigrationInstances.Deferred(DatabaseProvider.Postgres, new CreateShop(), new RenameAndFix()));

            var release = MigrationInstances.Deferred(DatabaseProvider.Postgres, new CreateShop(), new RenameAndFix(), new RenameCustomers());
            var plan = await migrator.ExpandAsync(release);

            // The old version still runs against this database: the rename keeps the old name as a view until contract.
            Assert.Equal([3L], plan.Migrations.Select(m => m.Version));
            Assert.DoesNotContain(plan.Migrations.Single().Expand, s => s.Description.Contains("new database", StringComparison.Ordinal));
            Assert.Equal("v", await ScalarAsync(connectionString, "SELECT relkind::text FROM pg_class WHERE relname = 'customers'"));
            Assert.Equal("r", await ScalarAsync(connectionString, "SELECT relkind::text FROM pg_class WHERE relname = 'clients'"));
            Assert.Equal(MigrationPhase.Expanded, (await migrator.StatusAsync(release))[3]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task EmptyDatabase_TakesTheWholeHistoryAsPlainFluentMigrator()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("install");
        var plainConnectionString = await TestPostgres.CreateDatabaseAsync("installplain");
        try
        {
            var migrations = MigrationInstances.Deferred(DatabaseProvider.Postgres, new CreateShop(), new RenameAndFix());
            var migrator = new SafeMigrator(connectionString, Options);

            var plan = await migrator.PlanAsync(migrations);
            Assert.False(plan.IsRefused, string.Join("; ", plan.Refusals));
            Assert.All(plan.Migrations.SelectMany(m => m.Expand), s => Assert.Contains("new database", s.Description, StringComparison.Ordinal));

            await migrator.ExpandAsync(migrations);
            await migrator.ContractAsync(migrations);

            Assert.All((await migrator.StatusAsync(migrations)).Values, phase => Assert.Equal(MigrationPhase.Contracted, phase));
            Assert.Equal("ADA,GRACE", await ScalarAsync(connectionString, "SELECT string_agg(full_name, ',' ORDER BY full_name) FROM customers"));
            Assert.Equal(2L, await ScalarAsync(connectionString, "SELECT count(*) FROM \"VersionInfo\""));

            // Installed migrations are contracted: a rollback finds nothing of the release to undo.
            await migrator.RollbackAsync(migrations);
            Assert.All((await migrator.StatusAsync(migrations)).Values, phase => Assert.Equal(MigrationPhase.Contracted, phase));

            PlainFluentMigrator.Apply(plainConnectionString, MigrationInstances.Collect(new CreateShop()));
            await ExecuteAsync(plainConnectionString, "ALTER TABLE customers RENAME COLUMN name TO full_name; UPDATE customers SET full_name = upper(full_name); ALTER TABLE customers DROP COLUMN id; ALTER TABLE customers ADD COLUMN id integer;");
            Assert.Equal(await SchemaFingerprint.ReadAsync(plainConnectionString), await SchemaFingerprint.ReadAsync(connectionString));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
            await TestPostgres.DropDatabaseAsync(plainConnectionString);
        }
    }

    [Fact]
    public async Task KilledInstall_ResumesAsAnInstall()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("installresume");
        try
        {
            var migrations = MigrationInstances.Deferred(DatabaseProvider.Postgres, new CreateShop(), new RenameAndFix());
            // Killed after the work of migration 1's second step (its transaction never commits), then between the two
            // migrations, then after the rename of migration 2.
            foreach (var kill in new[] { new StepFaultPoint(1, "expand", 1, true), new StepFaultPoint(2, "expand", 0, false), new StepFaultPoint(2, "expand", 1, false) })
            {
                var failing = new SafeMigrator(connectionString, Options with
                {
                    InjectFault = p =>
                    {
                        if (p == kill)
                        {
                            throw new InvalidOperationException("killed");
                        }
                    },
                });
                await Assert.ThrowsAsync<InvalidOperationException>(() => failing.ExpandAsync(migrations));
            }

            // Migration 1 is applied and in VersionInfo: the database is not empty any more, but the install goes on.
            await new SafeMigrator(connectionString, Options).ExpandAsync(migrations);

            Assert.Equal("ADA,GRACE", await ScalarAsync(connectionString, "SELECT string_agg(full_name, ',' ORDER BY full_name) FROM customers"));
            Assert.Null(await ScalarAsync(connectionString, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal HAVING count(*) > 0"));
            Assert.All((await new SafeMigrator(connectionString, Options).StatusAsync(migrations)).Values, phase => Assert.Equal(MigrationPhase.Contracted, phase));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }
}
