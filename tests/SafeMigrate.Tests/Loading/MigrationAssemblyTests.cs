using System.Runtime.Versioning;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Model;
using FluentMigrator.Postgres;
using FluentMigrator.SqlServer;
using SafeMigrate.Errors;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Loading;

/// <summary>
/// Loads tests/Fixtures/SampleMigrations (net8.0, FluentMigrator 8.0.1, a base class from its own
/// dependency) into this net10.0 process the way the tool does.
/// </summary>
public class MigrationAssemblyTests
{
    /// <summary>With the tag "core" every sample migration is selected (the untagged ones too, as in FluentMigrator).</summary>
    private static MigrationAssembly LoadSample() => MigrationAssembly.Load(FixtureAssemblies.SampleMigrations, tags: ["core"]);

    private static IReadOnlyList<IMigrationExpression> Collect(long version, DatabaseProvider provider)
    {
        using var assembly = LoadSample();
        return assembly.CollectUpExpressions(assembly.Migrations.Single(m => m.Version == version), provider);
    }

    [Fact]
    public void Load_Net80AssemblyIntoThisRuntime()
    {
        using var assembly = LoadSample();
        var target = assembly.Assembly.GetCustomAttributes(typeof(TargetFrameworkAttribute), false)
            .Cast<TargetFrameworkAttribute>().Single();
        Assert.Equal(".NETCoreApp,Version=v8.0", target.FrameworkName);
        Assert.True(Environment.Version.Major >= 10);
    }

    [Fact]
    public void MaintenanceMigrations_ListedWithTheirStage_NotAsVersionedOnes()
    {
        using var assembly = LoadSample();
        Assert.Equal(["AfterAll: SampleMigrations.RefreshStatistics"], assembly.MaintenanceMigrations);
    }

    [Fact]
    public void Migrations_ListsPublicMigrationsInVersionOrder()
    {
        using var assembly = LoadSample();
        Assert.Equal([1L, 2L, 3L, 4L], assembly.Migrations.Select(m => m.Version));
    }

    [Fact]
    public void Migrations_CarryDescriptionTransactionBehaviourAndTags()
    {
        using var assembly = LoadSample();
        var byVersion = assembly.Migrations.ToDictionary(m => m.Version);

        Assert.Equal("Create customers", byVersion[1].Description);
        Assert.Equal(["core"], byVersion[1].Tags);
        Assert.Equal(TransactionBehavior.Default, byVersion[1].TransactionBehavior);
        Assert.Equal("SampleMigrations.CreateCustomers", byVersion[1].TypeName);

        Assert.Equal(TransactionBehavior.None, byVersion[2].TransactionBehavior);
        Assert.Equal("Index customers by name", byVersion[2].Description);

        // No description in the attribute: the class name stands in.
        Assert.Equal("AddCustomerStatus", byVersion[3].Description);
        Assert.Empty(byVersion[3].Tags);

        Assert.Equal(["core", "contacts"], byVersion[4].Tags);
    }

    [Fact]
    public void Load_WithTags_KeepsMatchingAndUntaggedMigrations()
    {
        using var assembly = MigrationAssembly.Load(FixtureAssemblies.SampleMigrations, tags: ["contacts"]);
        Assert.Equal([2L, 3L, 4L], assembly.Migrations.Select(m => m.Version));
    }

    [Fact]
    public void Load_WithoutTags_SelectsUntaggedMigrationsOnly_AsFluentMigratorDoes()
    {
        using var assembly = MigrationAssembly.Load(FixtureAssemblies.SampleMigrations);
        Assert.Equal([2L, 3L], assembly.Migrations.Select(m => m.Version));
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void CollectUpExpressions_CustomBaseClassFromDependency_BuildsTableAndHiddenIndex(DatabaseProvider provider)
    {
        var expressions = Collect(1, provider);

        var table = Assert.IsType<CreateTableExpression>(expressions[0]);
        Assert.Equal("customers", table.TableName);
        Assert.Equal(["id", "name", "email", "created_at"], table.Columns.Select(c => c.Name));
        Assert.True(table.Columns[0].IsPrimaryKey);

        // .Indexed() adds its own expression, named by FluentMigrator's conventions.
        var index = Assert.IsType<CreateIndexExpression>(Assert.Single(expressions.Skip(1)));
        Assert.Equal("IX_customers_email", index.Index.Name);
        Assert.Equal(["email"], index.Index.Columns.Select(c => c.Name));
    }

    [Fact]
    public void CollectUpExpressions_IfDatabasePostgres_KeepsOnlyThePostgresBranch()
    {
        var index = Assert.IsType<CreateIndexExpression>(Assert.Single(Collect(2, DatabaseProvider.Postgres)));
        var concurrently = (PostgresIndexConcurrentlyDefinition)index.Index.AdditionalFeatures[PostgresExtensions.Concurrently];
        Assert.True(concurrently.IsConcurrently);
        Assert.False(index.Index.AdditionalFeatures.ContainsKey(SqlServerExtensions.OnlineIndex));
    }

    [Fact]
    public void CollectUpExpressions_IfDatabaseSqlServer_KeepsOnlyTheSqlServerBranch()
    {
        var index = Assert.IsType<CreateIndexExpression>(Assert.Single(Collect(2, DatabaseProvider.SqlServer)));
        Assert.Equal(true, index.Index.AdditionalFeatures[SqlServerExtensions.OnlineIndex]);
        Assert.False(index.Index.AdditionalFeatures.ContainsKey(PostgresExtensions.Concurrently));
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void CollectUpExpressions_PostgresIsNoAliasInFluentMigrator801_ThatBranchIsDropped(DatabaseProvider provider)
    {
        // IfDatabase("Postgres") matches nothing in 8.0.1 (only "PostgreSQL15_0" and "PostgreSQL" do),
        // so its Execute.Sql vanishes on both servers, as it would under FluentMigrator's own runner.
        var rename = Assert.IsType<RenameColumnExpression>(Assert.Single(Collect(4, provider)));
        Assert.Equal("email", rename.OldName);
        Assert.Equal("email_address", rename.NewName);
    }

    [Fact]
    public void CollectUpExpressions_SetExistingRowsTo_YieldsAddFillAndTighten()
    {
        var expressions = Collect(3, DatabaseProvider.Postgres);

        Assert.Collection(
            expressions,
            e =>
            {
                var create = Assert.IsType<CreateColumnExpression>(e);
                Assert.Equal("status", create.Column.Name);
                Assert.True(create.Column.IsNullable);
            },
            e =>
            {
                var update = Assert.IsType<UpdateDataExpression>(e);
                Assert.True(update.IsAllRows);
                Assert.Equal("active", Assert.Single(update.Set).Value);
            },
            e =>
            {
                var alter = Assert.IsType<AlterColumnExpression>(e);
                Assert.False(alter.Column.IsNullable);
            });
    }

    [Fact]
    public void Load_MissingFile_IsInvalidInput()
    {
        var error = Assert.Throws<InvalidInputException>(() => MigrationAssembly.Load("/nonexistent/Migrations.dll"));
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Load_Folder_AsksForTheDll()
    {
        var error = Assert.Throws<InvalidInputException>(() => MigrationAssembly.Load(Path.GetTempPath()));
        Assert.Contains("is a folder", error.Message);
    }

    [Fact]
    public void Load_NotAnAssembly_IsInvalidInput()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "Migrations.dll");
        File.WriteAllText(path, "this is not a portable executable");
        var error = Assert.Throws<InvalidInputException>(() => MigrationAssembly.Load(path));
        Assert.Contains("is not a .NET assembly", error.Message);
    }

    [Fact]
    public void Load_AssemblyWithoutMigrations_IsInvalidInput()
    {
        var error = Assert.Throws<InvalidInputException>(() => MigrationAssembly.Load(FixtureAssemblies.NoMigrations));
        Assert.Contains("contains no FluentMigrator migrations", error.Message);
    }

    [Fact]
    public void Load_DependencyMissingFromItsFolder_NamesTheDependency()
    {
        var source = Path.GetDirectoryName(FixtureAssemblies.SampleMigrations)!;
        var copy = Directory.CreateTempSubdirectory().FullName;
        File.Copy(Path.Combine(source, "SampleMigrations.dll"), Path.Combine(copy, "SampleMigrations.dll"));

        var error = Assert.Throws<InvalidInputException>(() => MigrationAssembly.Load(Path.Combine(copy, "SampleMigrations.dll")));
        Assert.Contains("SampleMigrations.Conventions", error.Message);
        Assert.Contains("output folder", error.Message);
    }

    [Fact]
    public void Load_SharesFluentMigratorWithTheTool()
    {
        using var assembly = LoadSample();
        var migrationType = assembly.Assembly.GetType("SampleMigrations.CreateCustomers", throwOnError: true)!;
        Assert.True(typeof(IMigration).IsAssignableFrom(migrationType));
    }
}
