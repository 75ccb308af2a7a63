using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SafeMigrate.Analyzers.Tests.Infrastructure.AnalyzerVerifier<SafeMigrate.Analyzers.Rules.Compatibility.DropColumnRule>;

namespace SafeMigrate.Analyzers.Tests.Model;

/// <summary>
/// Migrations that never declare Up(): a base class owns it and calls virtual or abstract methods each migration
/// overrides (the shape of large public code bases). Every concrete migration class is analyzed through the Up() it inherits.
/// </summary>
public class TemplateMethodMigrationTests
{
    private const string Base = """
        public abstract class AppMigrationBase : Migration
        {
            protected virtual void MainDbUpgrade() { }
            protected virtual void LogDbUpgrade() { }
            public bool LogDatabase { get; set; }
            public override void Up()
            {
                if (LogDatabase)
                {
                    LogDbUpgrade();
                    return;
                }

                MainDbUpgrade();
            }
            public override void Down() => throw new NotImplementedException();
        }

        """;

    [Fact]
    public Task VirtualOverride_DiagnosticAtTheStatementInTheOverride() => Verify.VerifyAsync(Base + """
        [Migration(1)]
        public class M : AppMigrationBase
        {
            protected override void MainDbUpgrade() => Delete.{|SM1001:Column("legacy")|}.FromTable("users");
        }
        """);

    [Fact]
    public Task SecondVirtualMethod_Diagnostic() => Verify.VerifyAsync(Base + """
        [Migration(1)]
        public class M : AppMigrationBase
        {
            protected override void LogDbUpgrade() => Delete.{|SM1001:Column("level")|}.FromTable("logs");
        }
        """);

    [Fact]
    public Task AbstractMethodThroughIntermediateBase_Diagnostic() => Verify.VerifyAsync(Base + """
        public abstract class CleanupMigration : AppMigrationBase
        {
            protected override void MainDbUpgrade() => Cleanup("users");
            protected abstract void Cleanup(string table);
        }

        [Migration(1)]
        public class M : CleanupMigration
        {
            protected override void Cleanup(string table) => Delete.{|SM1001:Column("legacy")|}.FromTable(table);
        }
        """);

    [Fact]
    public Task EveryConcreteMigration_DiagnosticInEach() => Verify.VerifyAsync(Base + """
        [Migration(1)]
        public class M1 : AppMigrationBase
        {
            protected override void MainDbUpgrade() => Delete.{|SM1001:Column("a")|}.FromTable("users");
        }

        [Migration(2)]
        public class M2 : AppMigrationBase
        {
            protected override void MainDbUpgrade() => Delete.{|SM1001:Column("b")|}.FromTable("users");
        }
        """);

    [Fact]
    public Task HazardInInheritedUpItself_DiagnosticAtTheMigrationName() => Verify.VerifyAsync("""
        public abstract class DropsLegacy : Migration
        {
            public override void Up() => Delete.Column("legacy").FromTable("users");
            public override void Down() { }
        }

        [Migration(1)]
        public class {|SM1001:M|} : DropsLegacy
        {
        }
        """);

    [Fact]
    public Task OverrideOnlyOfDown_NoDiagnostic() => Verify.VerifyAsync(Base + """
        [Migration(1)]
        public class M : AppMigrationBase
        {
            protected override void MainDbUpgrade() => Alter.Table("users").AddColumn("nick").AsString().Nullable();
            public override void Down() => Delete.Column("nick").FromTable("users");
        }
        """);

    [Fact]
    public Task AbstractBaseAlone_NoDiagnostic() => Verify.VerifyAsync("""
        public abstract class DropsLegacy : Migration
        {
            public override void Up() => Delete.Column("legacy").FromTable("users");
            public override void Down() { }
        }
        """);

    [Fact]
    public Task NonVirtualBaseCall_BindsToTheBaseMethod_NoDiagnostic() => Verify.VerifyAsync(Base + """
        [Migration(1)]
        public class M : AppMigrationBase
        {
            protected override void MainDbUpgrade()
            {
                base.MainDbUpgrade();
                Alter.Table("users").AddColumn("nick").AsString().Nullable();
            }
        }
        """);

    [Fact]
    public Task TableCreatedEarlierInTheOverride_NoDiagnostic() => Verify.VerifyAsync(Base + """
        [Migration(1)]
        public class M : AppMigrationBase
        {
            protected override void MainDbUpgrade()
            {
                Create.Table("staging").WithColumn("id").AsInt32().PrimaryKey().WithColumn("tmp").AsString();
                Delete.Column("tmp").FromTable("staging");
            }
        }
        """);

    [Fact]
    public Task PartialMigration_ReportedOnce() => Verify.VerifyAsync(Base + """
        [Migration(1)]
        public partial class M : AppMigrationBase
        {
            protected override void MainDbUpgrade() => Delete.{|SM1001:Column("legacy")|}.FromTable("users");
        }

        public partial class M
        {
            private const int Unused = 0;
        }
        """);

    [Fact]
    public Task PartialMigrationWithUpInThePartWithoutBaseList_Diagnostic() => Verify.VerifyAsync("""
        [Migration(1)]
        public partial class M : Migration
        {
            public override void Down() { }
        }

        public partial class M
        {
            public override void Up() => Delete.{|SM1001:Column("legacy")|}.FromTable("users");
        }
        """);
}
