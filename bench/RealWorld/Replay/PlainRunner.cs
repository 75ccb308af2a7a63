// The plain-FluentMigrator side of bench/RealWorld/replay.py, compiled into the throw-away project next to a code
// base's migration files (so that the same assembly is both FluentMigrator's and safe-migrate's `-a`):
//   versions                      prints "version<TAB>description" of every migration in the assembly, in order
//   plain <connection> <version>  applies that one migration with FluentMigrator's own runner (PostgreSQL)
//   sql <connection> <version>    prints the raw SQL of that migration's Up() (Execute.Sql statements and scripts), one
//                                 JSON string per line, and "delegate" for each Execute.WithConnection
//   mark <connection> <version>   records the migration in VersionInfo without running it (a migration that plain
//                                 FluentMigrator cannot apply either is skipped on both sides)
using System;
using System.Linq;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Initialization;
using Microsoft.Extensions.DependencyInjection;

namespace SafeMigrate.Bench.Replay
{
    public static class PlainRunner
    {
        public static int Main(string[] args)
        {
            switch (args.FirstOrDefault())
            {
                case "versions":
                    using (var scope = Runner("Host=unused").CreateScope())
                    {
                        var loader = scope.ServiceProvider.GetRequiredService<IMigrationInformationLoader>();
                        foreach (var (version, info) in loader.LoadMigrations())
                        {
                            Console.WriteLine($"{version}\t{info.Description ?? info.Migration.GetType().Name}");
                        }
                    }

                    return 0;
                case "plain" when args.Length == 3:
                    using (var scope = Runner(args[1]).CreateScope())
                    {
                        // ApplyMigrationUp is MigrationRunner's, not IMigrationRunner's: one migration, no others below it.
                        var runner = (MigrationRunner)scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
                        var version = long.Parse(args[2]);
                        var info = runner.MigrationLoader.LoadMigrations()[version];
                        runner.ApplyMigrationUp(info, info.TransactionBehavior == global::FluentMigrator.TransactionBehavior.Default);
                    }

                    return 0;
                case "sql" when args.Length == 3:
                    using (var scope = Runner(args[1]).CreateScope())
                    {
                        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
                        var info = runner.MigrationLoader.LoadMigrations()[long.Parse(args[2])];
                        var processor = scope.ServiceProvider.GetRequiredService<global::FluentMigrator.Runner.Processors.IProcessorAccessor>().Processor;
                        var context = new MigrationContext(processor, scope.ServiceProvider, connection: null);
                        info.Migration.GetUpExpressions(context);
                        foreach (var expression in context.Expressions)
                        {
                            switch (expression)
                            {
                                case global::FluentMigrator.Expressions.ExecuteSqlStatementExpression statement:
                                    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(statement.SqlStatement));
                                    break;
                                case global::FluentMigrator.Expressions.ExecuteSqlScriptExpression script:
                                    Console.WriteLine(System.Text.Json.JsonSerializer.Serialize("script " + script.SqlScript));
                                    break;
                                case global::FluentMigrator.Expressions.PerformDBOperationExpression:
                                    Console.WriteLine("delegate");
                                    break;
                            }
                        }
                    }

                    return 0;
                case "mark" when args.Length == 3:
                    using (var scope = Runner(args[1]).CreateScope())
                    {
                        var runner = scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
                        var version = long.Parse(args[2]);
                        var info = runner.MigrationLoader.LoadMigrations()[version];
                        var versionLoader = scope.ServiceProvider.GetRequiredService<IVersionLoader>();
                        versionLoader.UpdateVersionInfo(version, info.Description ?? info.Migration.GetType().Name);
                    }

                    return 0;
                default:
                    Console.Error.WriteLine("usage: versions | plain <connection> <version> | mark <connection> <version>");
                    return 2;
            }
        }

        private static ServiceProvider Runner(string connection) =>
            new ServiceCollection()
                .AddFluentMigratorCore()
                .ConfigureRunner(r => r.AddPostgres().WithGlobalConnectionString(connection).ScanIn(typeof(PlainRunner).Assembly).For.Migrations())
                .Configure<RunnerOptions>(o => o.AllowBreakingChange = true)
                .BuildServiceProvider(false);
    }
}
