using FluentMigrator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SafeMigrate.Hosting;

// dotnet HeartbeatApp.dll <connection string> <app version>: beats every 500 ms (each beat counts 2 s) until stopped
// or killed, and prints "started" once the host runs.
var builder = Host.CreateApplicationBuilder();
// Warnings and worse only, on stderr: stdout carries the one "started" line the test waits for.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSafeMigrate(sm =>
{
    sm.UsePostgres(args[0]).ScanIn(typeof(CreateWidgets).Assembly).WithAppVersion(args[1]);
    sm.ExpandAtStartup = false;
    sm.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
    sm.HeartbeatExpiry = TimeSpan.FromSeconds(2);
});
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("started");
await host.WaitForShutdownAsync();

/// <summary>Release 1 of the hosting tests' app (the same as their M0001): this instance is version 1.</summary>
[Migration(1)]
public sealed class CreateWidgets : Migration
{
    public override void Up() => Create.Table("widgets")
        .WithColumn("id").AsInt32().PrimaryKey().Identity()
        .WithColumn("name").AsString(100).Nullable();

    public override void Down() => Delete.Table("widgets");
}
