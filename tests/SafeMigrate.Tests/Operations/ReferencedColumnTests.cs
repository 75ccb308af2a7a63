using FluentMigrator;
using SafeMigrate.Errors;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Rules;
using SafeMigrate.State;
using SafeMigrate.Testing;
using SafeMigrate.Tests.Execution;
using Xunit;
using static SafeMigrate.Tests.Execution.ReleaseHarness;

namespace SafeMigrate.Tests.Operations;

/// <summary>
/// A column that another table's foreign key references, or an identity column, renamed or retyped through a new
/// column. Contract drops the old column: the foreign keys that reference it would stop it ("other objects depend on
/// it"), and its identity sequence would go with it. Expand copies the incoming foreign keys onto the new column (NOT
/// VALID, then validated); contract drops the originals with the old column and gives the copies their names, and
/// moves the identity over with its sequence position. After contract every constraint reads as after plain
/// FluentMigrator's rename or ALTER COLUMN … TYPE. A fault at every contract step loses no row and no constraint, and
/// the resumed contract finishes.
/// </summary>
[Trait(PostgresVersionMatrix.Trait, PostgresVersionMatrix.Member)]
public sealed class ReferencedColumnTests
{
    private const string Referenced = """
        CREATE TABLE customers (id integer PRIMARY KEY, name text);
        CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer
          CONSTRAINT fk_orders_customer REFERENCES customers (id) ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED);
        CREATE TABLE invoices (id integer PRIMARY KEY, customer_id integer NOT NULL,
          CONSTRAINT fk_invoices_customer FOREIGN KEY (customer_id) REFERENCES customers (id) MATCH FULL ON DELETE RESTRICT);
        INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 7) g;
        INSERT INTO orders SELECT g, 1 + g % 7 FROM generate_series(1, 9) g;
        INSERT INTO invoices SELECT g, 1 + g % 5 FROM generate_series(1, 6) g;
        """;

    private const string OrdersFk = "FOREIGN KEY (customer_id) REFERENCES customers({0}) ON UPDATE SET NULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED";

    private const string InvoicesFk = "FOREIGN KEY (customer_id) REFERENCES customers({0}) MATCH FULL ON DELETE RESTRICT";

    private const string Identity = """
        CREATE TABLE items (id integer GENERATED ALWAYS AS IDENTITY (START WITH 5 INCREMENT BY 3 CACHE 2) PRIMARY KEY, k integer UNIQUE, v text);
        INSERT INTO items (k, v) SELECT g, 'v' || g FROM generate_series(1, 7) g;
        """;

    /// <summary>An earlier release, so that SafeMigrate's state exists before the refused one.</summary>
    [Migration(0)]
    private sealed class AddNote : Migration
    {
        public override void Up() => Create.Column("note").OnTable("other").AsString(10).Nullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class RenameCustomerId : Migration
    {
        public override void Up() => Rename.Column("id").OnTable("customers").To("customer_id");

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class CustomerIdToBigint : Migration
    {
        public override void Up() => Alter.Column("id").OnTable("customers").AsInt64().NotNullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class RenameNodeId : Migration
    {
        public override void Up() => Rename.Column("id").OnTable("nodes").To("node_id");

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class RenameItemId : Migration
    {
        public override void Up() => Rename.Column("id").OnTable("items").To("item_id");

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class ItemIdToBigint : Migration
    {
        public override void Up() => Alter.Column("id").OnTable("items").AsInt64().NotNullable();

        public override void Down() { }
    }

    [Migration(1)]
    private sealed class RenamePartOfCompositeKey : Migration
    {
        public override void Up() => Rename.Column("a").OnTable("p").To("a2");

        public override void Down() { }
    }

    [Fact]
    public Task Rename_OfAReferencedPrimaryKey_MovesTheIncomingForeignKeys() => RunAsync(
        Referenced,
        MigrationInstances.Collect(new RenameCustomerId()),
        // Each version writes a customer and an order of it: the foreign keys check both names during the overlap.
        new VersionClient("old", "INSERT INTO customers (id, name) VALUES (@id, @value); INSERT INTO orders (id, customer_id) VALUES (@id, @id)", "SELECT name FROM customers WHERE id = @id"),
        new VersionClient("new", "INSERT INTO customers (customer_id, name) VALUES (@id, @value); INSERT INTO orders (id, customer_id) VALUES (@id, @id)", "SELECT name FROM customers WHERE customer_id = @id"),
        afterExpand: async cs =>
        {
            // The originals still serve the old version; a validated copy of each references the new column.
            Assert.Equal(string.Format(null, OrdersFk, "id"), await ConstraintDefAsync(cs, "fk_orders_customer"));
            Assert.Equal(2L, await ScalarAsync(cs, "SELECT count(*) FROM pg_constraint WHERE confrelid = 'customers'::regclass AND conname LIKE '\\_sm\\_%' AND convalidated"));
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(cs, "INSERT INTO invoices (id, customer_id) VALUES (900, 424242)"));
        },
        afterContract: async cs => await AssertForeignKeysAsync(cs, "customer_id"));

    [Fact]
    public Task IntegerToBigint_OfAReferencedPrimaryKey_KeepsTheIncomingForeignKeys() => RunAsync(
        Referenced,
        MigrationInstances.Collect(new CustomerIdToBigint()),
        new VersionClient("old", "INSERT INTO customers (id, name) VALUES (@id, @value); INSERT INTO orders (id, customer_id) VALUES (@id, @id)", "SELECT name FROM customers WHERE id = @id"),
        new VersionClient("new", "INSERT INTO customers (id, name) VALUES (@id, @value); INSERT INTO orders (id, customer_id) VALUES (@id, @id)", "SELECT name FROM customers WHERE id = @id"),
        afterContract: async cs =>
        {
            Assert.Equal("bigint", await ScalarAsync(cs, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attname = 'id'"));
            await AssertForeignKeysAsync(cs, "id");
        });

    [Fact]
    public Task Rename_OfAnIdentityColumn_KeepsTheIdentityAndItsPosition() => RunAsync(
        Identity,
        MigrationInstances.Collect(new RenameItemId()),
        // Both versions leave the key to the identity; the read shows the row got one under the version's own name.
        new VersionClient("old", "INSERT INTO items (k, v) VALUES (@id, @value)", "SELECT CASE WHEN id IS NOT NULL THEN v END FROM items WHERE k = @id"),
        new VersionClient("new", "INSERT INTO items (k, v) VALUES (@id, @value)", "SELECT CASE WHEN item_id IS NOT NULL THEN v END FROM items WHERE k = @id"),
        afterContract: cs => AssertIdentityAsync(cs, "item_id", "integer"));

    [Fact]
    public Task IntegerToBigint_OfAnIdentityColumn_KeepsTheIdentityAndItsPosition() => RunAsync(
        Identity,
        MigrationInstances.Collect(new ItemIdToBigint()),
        new VersionClient("old", "INSERT INTO items (k, v) VALUES (@id, @value)", "SELECT CASE WHEN id IS NOT NULL THEN v END FROM items WHERE k = @id"),
        new VersionClient("new", "INSERT INTO items (k, v) VALUES (@id, @value)", "SELECT CASE WHEN id IS NOT NULL THEN v END FROM items WHERE k = @id"),
        afterContract: cs => AssertIdentityAsync(cs, "id", "bigint"));

    [Fact]
    public Task Rename_OfAReferencedColumn_FaultAtEveryContractStep_LosesNothingAndResumes() =>
        ContractFaultsAsync(Referenced, new RenameCustomerId(), cs => AssertForeignKeysAsync(cs, "customer_id"));

    [Fact]
    public Task IntegerToBigint_OfAReferencedColumn_FaultAtEveryContractStep_LosesNothingAndResumes() =>
        ContractFaultsAsync(Referenced, new CustomerIdToBigint(), cs => AssertForeignKeysAsync(cs, "id"));

    [Fact]
    public Task Rename_OfAnIdentityColumn_FaultAtEveryContractStep_LosesNothingAndResumes() =>
        ContractFaultsAsync(Identity, new RenameItemId(), cs => AssertIdentityAsync(cs, "item_id", "integer"));

    [Fact]
    public Task IntegerToBigint_OfAnIdentityColumn_FaultAtEveryContractStep_LosesNothingAndResumes() =>
        ContractFaultsAsync(Identity, new ItemIdToBigint(), cs => AssertIdentityAsync(cs, "id", "bigint"));

    [Fact]
    public Task Rename_OfAColumnInAnIncomingMultiColumnForeignKey_IsRefusedBeforeAnyChange() => RefusedAsync(
        """
        CREATE TABLE p (a integer, b integer, PRIMARY KEY (a, b));
        CREATE TABLE c (id integer PRIMARY KEY, a integer, b integer, CONSTRAINT fk_c_p FOREIGN KEY (a, b) REFERENCES p);
        INSERT INTO p VALUES (1, 1); INSERT INTO c VALUES (1, 1, 1);
        """,
        "the foreign key \"fk_c_p\" of public.c references \"a\" with other columns");

    [Fact]
    public Task Rename_OfAColumnThatAPartitionedTableReferences_IsRefusedBeforeAnyChange() => RefusedAsync(
        """
        CREATE TABLE p (a integer PRIMARY KEY);
        CREATE TABLE c (id integer, a integer CONSTRAINT fk_c_p REFERENCES p) PARTITION BY RANGE (id);
        CREATE TABLE c1 PARTITION OF c FOR VALUES FROM (0) TO (100);
        INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1);
        """,
        "the foreign key \"fk_c_p\" of the partitioned table public.c references \"a\"");

    /// <summary>Plan and expand refuse with SM5109 and the reason; the whole database, SafeMigrate's state included, is as it was.</summary>
    private static async Task RefusedAsync(string setupSql, string reason)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("referenced_refused");
        try
        {
            await ExecuteAsync(connectionString, "CREATE TABLE other (id integer PRIMARY KEY); " + setupSql);
            var migrator = new SafeMigrator(connectionString, Options);
            await migrator.ExpandAsync(MigrationInstances.Collect(new AddNote()));
            var migrations = MigrationInstances.Collect(new AddNote(), new RenamePartOfCompositeKey());
            var before = await DatabaseDump.ReadAsync(connectionString);

            var plan = await migrator.PlanAsync(migrations);
            var error = await Assert.ThrowsAsync<RefusedException>(() => migrator.ExpandAsync(migrations));

            var refusal = Assert.Single(plan.Refusals);
            Assert.Equal(RuleIds.UncopiableColumnDependent, refusal.RuleId);
            Assert.Contains(reason, refusal.Reason, StringComparison.Ordinal);
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
            Assert.Contains("Delete.ForeignKey", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, await DatabaseDump.ReadAsync(connectionString));
            Assert.Equal(MigrationPhase.Pending, (await migrator.StatusAsync(migrations))[1]);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public Task Rename_OfAColumnReferencedByItsOwnTableAndAnotherSchema_MovesEveryForeignKey() => RunAsync(
        """
        CREATE TABLE nodes (id integer PRIMARY KEY, parent_id integer CONSTRAINT fk_nodes_parent REFERENCES nodes (id), label text);
        CREATE SCHEMA audit;
        CREATE TABLE audit."Node Events" (id integer PRIMARY KEY, node_id integer NOT NULL CONSTRAINT "FK Node" REFERENCES public.nodes (id) ON DELETE CASCADE);
        INSERT INTO nodes VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 2, 'b');
        INSERT INTO audit."Node Events" VALUES (1, 1), (2, 3);
        """,
        MigrationInstances.Collect(new RenameNodeId()),
        new VersionClient("old", "INSERT INTO nodes (id, parent_id, label) VALUES (@id, 1, @value)", "SELECT label FROM nodes WHERE id = @id"),
        new VersionClient("new", "INSERT INTO nodes (node_id, parent_id, label) VALUES (@id, 1, @value)", "SELECT label FROM nodes WHERE node_id = @id"),
        afterExpand: async cs => await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(cs, "INSERT INTO nodes (node_id, parent_id) VALUES (950, 424242)")),
        afterContract: async cs =>
        {
            Assert.Equal("FOREIGN KEY (parent_id) REFERENCES nodes(node_id)", await ConstraintDefAsync(cs, "fk_nodes_parent"));
            Assert.Equal("FOREIGN KEY (node_id) REFERENCES nodes(node_id) ON DELETE CASCADE", await ConstraintDefAsync(cs, "FK Node"));
            Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM pg_constraint WHERE conname LIKE '\\_sm\\_%' OR obj_description(oid, 'pg_constraint') IS NOT NULL"));
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(cs, "INSERT INTO nodes (node_id, parent_id) VALUES (951, 424242)"));
        });

    /// <summary>
    /// A foreign key created by hand after expand has no copy: contract stops at the step that would drop the old column,
    /// naming it, with nothing dropped; once it is dropped, the same contract finishes.
    /// </summary>
    [Fact]
    public async Task Contract_WithAForeignKeyAddedAfterExpand_StopsNamingIt_AndLosesNothing()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("referenced_late_fk");
        try
        {
            await ExecuteAsync(connectionString, Referenced);
            var migrations = MigrationInstances.Collect(new RenameCustomerId());
            var migrator = new SafeMigrator(connectionString, Options);
            await migrator.ExpandAsync(migrations);
            await ExecuteAsync(connectionString, "CREATE TABLE notes (id integer PRIMARY KEY, customer_id integer CONSTRAINT fk_late REFERENCES customers (id)); INSERT INTO notes VALUES (1, 2);");
            var before = await KeysAsync(connectionString);

            var error = await Assert.ThrowsAsync<DatabaseFailureException>(() => migrator.ContractAsync(migrations));

            Assert.Contains("fk_late", error.Message, StringComparison.Ordinal);
            Assert.Contains("has no copy on the new column", error.Message, StringComparison.Ordinal);
            Assert.Equal(before, await KeysAsync(connectionString));
            await ExecuteAsync(connectionString, "ALTER TABLE notes DROP CONSTRAINT fk_late");
            await migrator.ContractAsync(migrations);
            await AssertForeignKeysAsync(connectionString, "customer_id");
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    /// <summary>Both foreign keys read as plain FluentMigrator leaves them, validated, and still check writes and deletes.</summary>
    private static async Task AssertForeignKeysAsync(string cs, string column)
    {
        Assert.Equal(string.Format(null, OrdersFk, column), await ConstraintDefAsync(cs, "fk_orders_customer"));
        Assert.Equal(string.Format(null, InvoicesFk, column), await ConstraintDefAsync(cs, "fk_invoices_customer"));
        Assert.Equal(2L, await ScalarAsync(cs, "SELECT count(*) FROM pg_constraint WHERE confrelid = 'customers'::regclass AND convalidated"));
        Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM pg_constraint WHERE conname LIKE '\\_sm\\_%' OR obj_description(oid, 'pg_constraint') IS NOT NULL"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(cs, "INSERT INTO invoices (id, customer_id) VALUES (901, 424242)"));
        // ON DELETE CASCADE still acts: the orders of customer 3 go with it (it has no invoice: RESTRICT lets it go).
        await ExecuteAsync(cs, $"DELETE FROM invoices WHERE customer_id = 3; DELETE FROM customers WHERE {column} = 3");
        Assert.Equal(0L, await ScalarAsync(cs, "SELECT count(*) FROM orders WHERE customer_id = 3"));
    }

    /// <summary>
    /// The column is an identity column again, of the same kind and options, its sequence as a plain rename or ALTER
    /// COLUMN … TYPE leaves it (the same name, the new type's range) and past every value given out before contract.
    /// </summary>
    private static async Task AssertIdentityAsync(string cs, string column, string type)
    {
        Assert.Equal("a", await ScalarAsync(cs, $"SELECT attidentity::text FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = '{column}'"));
        Assert.Equal("public.items_id_seq", await ScalarAsync(cs, $"SELECT pg_get_serial_sequence('items', '{column}')"));
        var maximum = type == "bigint" ? long.MaxValue : int.MaxValue;
        Assert.Equal(
            $"{type} 5 3 1 {maximum} 2 False",
            await ScalarAsync(cs, "SELECT format('%s %s %s %s %s %s %s', seqtypid::regtype, seqstart, seqincrement, seqmin, seqmax, seqcache, CASE WHEN seqcycle THEN 'True' ELSE 'False' END) FROM pg_sequence WHERE seqrelid = 'items_id_seq'::regclass"));
        var before = (long)(await ScalarAsync(cs, $"SELECT max({column})::bigint FROM items"))!;
        await ExecuteAsync(cs, "INSERT INTO items (k, v) VALUES (777777, 'after')");
        var given = (long)(await ScalarAsync(cs, $"SELECT {column}::bigint FROM items WHERE k = 777777"))!;
        Assert.True(given > before, $"the identity gave {given}, not past {before}");
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(cs, $"INSERT INTO items ({column}, k) VALUES (1, 777778)"));
    }

    /// <summary>
    /// Expands, then makes contract fail before and after the work of every step in turn: after each fault every row and
    /// every foreign key (by its checks) is still there, and a fresh contract resumes; the last one finishes.
    /// </summary>
    private static async Task ContractFaultsAsync(string setupSql, Migration migration, Func<string, Task> afterContract)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("referenced_contract");
        try
        {
            await ExecuteAsync(connectionString, setupSql);
            var migrations = MigrationInstances.Collect(migration);
            var migrator = new SafeMigrator(connectionString, Options);
            var expandSteps = Assert.Single((await migrator.PlanAsync(migrations)).Migrations).Expand.Count;
            for (var index = 0; index < expandSteps; index++)
            {
                // Expand killed before and after the work of each step, each time resumed by the next run (no rollback).
                foreach (var afterWork in new[] { false, true })
                {
                    var point = new StepFaultPoint(1, "expand", index, afterWork);
                    var failing = new SafeMigrator(connectionString, Options with { InjectFault = p => { if (p == point) { throw new FaultInjection.InjectedFault(p); } } });
                    await Assert.ThrowsAsync<FaultInjection.InjectedFault>(() => failing.ExpandAsync(migrations));
                }
            }

            await migrator.ExpandAsync(migrations);
            var plan = await migrator.PlanAsync(migrations);
            var rows = await RowCountsAsync(connectionString);
            var steps = Assert.Single(plan.Migrations).Contract.Count;
            for (var index = 0; index < steps; index++)
            {
                foreach (var afterWork in new[] { false, true })
                {
                    var point = new StepFaultPoint(1, "contract", index, afterWork);
                    var failing = new SafeMigrator(connectionString, Options with
                    {
                        InjectFault = p =>
                        {
                            if (p == point)
                            {
                                throw new FaultInjection.InjectedFault(p);
                            }
                        },
                    });
                    var fault = await Record.ExceptionAsync(() => failing.ContractAsync(migrations));
                    if (fault is null && (await migrator.StatusAsync(migrations))[1] == MigrationPhase.Contracted)
                    {
                        // A type change is planned from the catalog: once the swap is committed, a resumed contract has
                        // no type change left, so the recipe's later steps (which the swap step did the work of) never run.
                        Assert.True(index > 0, "the first contract step did not run");
                        break;
                    }

                    Assert.True(fault is FaultInjection.InjectedFault, $"contract step {index + 1} ({(afterWork ? "after" : "before")} its work): {fault?.ToString() ?? "no fault"}; steps: " + string.Join(" | ", Assert.Single(plan.Migrations).Contract.Select(c => c.Description)));
                    Assert.Equal(rows, await RowCountsAsync(connectionString));
                    // Each foreign key that referenced the column is in force, under its name or as a copy.
                    Assert.True(
                        (long)(await ScalarAsync(connectionString, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid = to_regclass('customers')"))! >= (setupSql == Referenced ? 2 : 0),
                        $"a foreign key is gone after a fault at contract step {index + 1}");
                    if (setupSql == Referenced)
                    {
                        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => ExecuteAsync(connectionString, "INSERT INTO invoices (id, customer_id) VALUES (902, 424242)"));
                    }
                }
            }

            if ((await migrator.StatusAsync(migrations))[1] != MigrationPhase.Contracted)
            {
                await migrator.ContractAsync(migrations);
            }

            Assert.Equal(MigrationPhase.Contracted, (await migrator.StatusAsync(migrations))[1]);
            Assert.Equal(rows, await RowCountsAsync(connectionString));
            await afterContract(connectionString);
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<string> RowCountsAsync(string cs) => (string)(await ScalarAsync(cs, """
        SELECT string_agg(format('%s=%s', relname, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', relname), false, true, '')))[1]::text), ',' ORDER BY relname)
        FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname <> 'VersionInfo'
        """))!;

    /// <summary>Every key, foreign key and index of the database (NOT NULL, which contract's first steps set on the new column, left out).</summary>
    private static async Task<List<string>> KeysAsync(string cs) =>
        (await SchemaFingerprint.ReadAsync(cs)).Where(l => l.StartsWith("index ", StringComparison.Ordinal) || (l.StartsWith("constraint ", StringComparison.Ordinal) && l.Contains(" KEY ", StringComparison.Ordinal))).ToList();

    private static async Task<object?> ConstraintDefAsync(string cs, string name) =>
        await ScalarAsync(cs, $"SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = '{name}'");
}
