using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using FluentMigrator;
using Npgsql;
using SafeMigrate.Execution;
using SafeMigrate.Loading;
using SafeMigrate.Testing;
using Xunit;

namespace SafeMigrate.Tests.Execution;

/// <summary>What an app listening to the SafeMigrate meter and activity source sees of a real expand with a backfill.</summary>
public sealed class SafeMigrateTelemetryTests
{
    [Migration(1)]
    private sealed class RenameEmail : Migration
    {
        public override void Up() => Rename.Column("email").OnTable("telemetry_users").To("email_address");

        public override void Down() { }
    }

    [Fact]
    public async Task Expand_ReportsASpanPerStep_RowsBackfilled_AndBatchDurations()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("telemetry");
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Table)>();
        var spans = new ConcurrentQueue<Activity>();
        try
        {
            await ExecuteAsync(cs, "CREATE TABLE telemetry_users (id integer PRIMARY KEY, email varchar(200) NOT NULL); INSERT INTO telemetry_users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 250) g;");
            using var meters = new MeterListener();
            meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SafeMigrateDiagnostics.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, Table(tags))));
            meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, Table(tags))));
            meters.Start();
            using var activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == SafeMigrateDiagnostics.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = spans.Enqueue,
            };
            ActivitySource.AddActivityListener(activities);

            await new SafeMigrator(cs, new SafeMigratorOptions { BatchSize = 100, BackfillTargetBatchDuration = null })
                .ExpandAsync(MigrationInstances.Collect(new RenameEmail()));

            // Other tests run expands in parallel (the meter is process-wide): only this test's table counts.
            var mine = measurements.Where(m => m.Table == "\"public\".\"telemetry_users\"").ToList();
            Assert.Equal(250, mine.Where(m => m.Instrument == "safemigrate.backfill.rows").Sum(m => m.Value));
            Assert.Equal(3, mine.Count(m => m.Instrument == "safemigrate.backfill.batch.duration"));
            Assert.All(mine.Where(m => m.Instrument == "safemigrate.backfill.batch.duration"), m => Assert.True(m.Value > 0));

            var steps = spans.Where(s => s.OperationName == "safemigrate.expand" && Equals(s.GetTagItem("safemigrate.migration"), 1L)
                && (string?)s.GetTagItem("db.collection.name") is "public.telemetry_users").ToList();
            Assert.Contains(steps, s => (string?)s.GetTagItem("safemigrate.step.work") == "Backfill");
            Assert.All(steps, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
            Assert.Equal(steps.Count, steps.Select(s => s.GetTagItem("safemigrate.step.index")).Distinct().Count());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(cs);
        }
    }

    private static string? Table(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "db.collection.name")
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private static async Task ExecuteAsync(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
