using FluentMigrator;
using FluentMigrator.Postgres;
using FluentMigrator.SqlServer;
using SampleMigrations.Conventions;

namespace SampleMigrations;

[Migration(1, "Create customers")]
[Tags("core")]
public class CreateCustomers : AuditedMigration
{
    public override void Up()
    {
        CreateAuditedTable("customers", t => t
            .WithColumn("name").AsString(200).NotNullable()
            .WithColumn("email").AsString(320).Nullable().Indexed());
    }
}

[Migration(2, TransactionBehavior.None, "Index customers by name")]
public class IndexCustomerNames : Migration
{
    public override void Up()
    {
        IfDatabase(ProcessorIdConstants.PostgreSQL)
            .Create.Index("ix_customers_name").OnTable("customers").OnColumn("name").Ascending()
            .WithOptions().AsConcurrently();

        IfDatabase(ProcessorIdConstants.SqlServer)
            .Create.Index("ix_customers_name").OnTable("customers").OnColumn("name").Ascending()
            .WithOptions().Online();
    }

    public override void Down() => Delete.Index("ix_customers_name").OnTable("customers");
}

[Migration(3)]
public class AddCustomerStatus : Migration
{
    public override void Up()
    {
        Create.Column("status").OnTable("customers").AsString(20).NotNullable().SetExistingRowsTo("active");
    }

    public override void Down() => Delete.Column("status").FromTable("customers");
}

/// <summary>
/// "Postgres" is not a processor id or alias in FluentMigrator 8.0.1, so this branch is dropped on
/// PostgreSQL exactly as FluentMigrator drops it; only the "PostgreSQL" branch survives.
/// </summary>
[Migration(4, "Rename email column")]
[Tags("core", "contacts")]
public class RenameEmail : Migration
{
    public override void Up()
    {
        IfDatabase("Postgres").Execute.Sql("SELECT 'postgres alias';");
        IfDatabase("PostgreSQL").Rename.Column("email").OnTable("customers").To("email_address");
        IfDatabase("SqlServer").Rename.Column("email").OnTable("customers").To("email_address");
    }

    public override void Down() => Rename.Column("email_address").OnTable("customers").To("email");
}

/// <summary>Not public: FluentMigrator only finds public migrations, and so does SafeMigrate.</summary>
[Migration(99)]
internal class HiddenMigration : Migration
{
    public override void Up() => Execute.Sql("SELECT 1;");

    public override void Down()
    {
    }
}

/// <summary>FluentMigrator runs it after every run; SafeMigrate reports it (SM5009) instead of running it.</summary>
[Maintenance(MigrationStage.AfterAll)]
public class RefreshStatistics : Migration
{
    public override void Up() => Execute.Sql("ANALYZE");

    public override void Down() { }
}
