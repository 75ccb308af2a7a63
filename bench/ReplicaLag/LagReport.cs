using System.Globalization;
using System.Text;
using SafeMigrate.Bench.Backfill;

namespace SafeMigrate.Bench.ReplicaLag;

/// <summary>Wall times of one gate variant on one table size, one per interleaved round.</summary>
internal sealed record GateCostMeasurement(int Rows, GateVariant Variant, IReadOnlyList<GateCostRun> Runs)
{
    public double MedianSeconds => Median(Runs.Select(r => r.Elapsed.TotalSeconds));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>The "## Backfill under replica lag" section of docs/benchmarks.md.</summary>
internal static class LagReport
{
    public const string Heading = "## Backfill under replica lag";
    public const string Command = "dotnet run -c Release --project bench/ReplicaLag -- --write docs/benchmarks.md --chart docs/replica-lag.svg";

    public static string Render(
        MachineInfo machine,
        LagOptions options,
        IReadOnlyList<LagRunResult> lagRuns,
        IReadOnlyList<GateCostMeasurement> costs,
        IReadOnlyList<GateCall> calls,
        string chartLink,
        string loadAverages)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(Heading);
        text.AppendLine();
        text.AppendLine(string.Create(c, $"A column rename's `expand` on {options.Rows:N0} rows, run by `SafeMigrator.ExpandAsync` with its default options (batches of"));
        text.AppendLine("at most 1,000 rows sized to about 100 ms, the pause gate, the replica-lag throttle polled every second), against a");
        text.AppendLine("throwaway primary with one streaming hot standby made by `pg_basebackup -R` from the same server programs. The");
        text.AppendLine(string.Create(c, $"standby's replay is paused (`pg_wal_replay_pause()`) {options.PauseAfter.TotalSeconds:0} s after the backfill step starts and resumed"));
        text.AppendLine(string.Create(c, $"(`pg_wal_replay_resume()`) {options.PauseFor.TotalSeconds:0} s later, on the same schedule in both runs: **throttled** with the default"));
        text.AppendLine("`--max-replica-lag 5000`, **unthrottled** with `--max-replica-lag 0`. A side connection samples every");
        text.AppendLine(string.Create(c, $"{LagRun.SampleInterval.TotalMilliseconds:0} ms the rows done (the backfill's progress callback) and the standby's lag as the throttle measures it: how long"));
        text.AppendLine("ago the primary was at the WAL position the standby has replayed (`pg_current_wal_lsn()` on the primary,");
        text.AppendLine("`pg_last_wal_replay_lsn()` on the standby, dated by `PrimaryPositionHistory`), until the standby has caught up.");
        text.AppendLine("Time throttled is the product's `safemigrate.throttled.duration`.");
        text.AppendLine();
        text.AppendLine(string.Create(c, $"Machine: {machine.Cores} cores ({machine.Cpu}), {machine.Memory} memory, PostgreSQL {machine.PostgresVersion};"));
        text.AppendLine($"primary settings: {machine.ServerSettings}; the standby: fsync=off, hot_standby=on. Measured {DateTime.UtcNow:yyyy-MM-dd}.");
        text.AppendLine($"Load average (1 min) at the start / end of the measurements: {loadAverages}.");
        text.AppendLine();
        text.AppendLine($"![Rows done and replica lag over time, throttled and unthrottled]({chartLink})");
        text.AppendLine();
        text.AppendLine("| run | backfill (s) | max lag reached (s) | most unreplayed WAL (MB) | time throttled (s) | rows/s while not throttled | rows/s overall | back under 5 s (s after resume) | caught up (s after resume) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in lagRuns)
        {
            text.AppendLine(string.Create(c,
                $"| {run.Label} | {run.BackfillSeconds:0.0} | {run.MaxLagSeconds:0.0} | {run.MaxUnreplayedMegabytes:0} | {run.ThrottledSeconds:0.0} | {run.RowsPerSecondNotThrottled:N0} | {run.Rows / run.BackfillSeconds:N0} | {run.BackUnderAfterResume(TimeSpan.FromSeconds(5)):0.0} | {run.BackUnderAfterResume(LagRun.SampleInterval):0.0} |"));
        }

        text.AppendLine();
        text.AppendLine(string.Create(c, $"Times are seconds since the backfill step started; \"caught up\" is the first sample after the resume with a lag under {LagRun.SampleInterval.TotalMilliseconds:0} ms (one"));
        text.AppendLine("sampling interval).");
        text.AppendLine("A paused standby lags by the time since its replay stopped whatever the primary does, so the greatest lag is the pause's");
        text.AppendLine("length in both runs: the throttle cannot make a stopped replica fresher. What it bounds is what the standby has left to");
        text.AppendLine("replay (the unreplayed WAL) and so how stale it stays after replay resumes; and on a replica that is slow rather than");
        text.AppendLine("stopped, holding the writes is what lets it catch up.");
        if (lagRuns.FirstOrDefault(r => r.IsThrottled) is { } throttled && throttled.Throttled.Count > 0)
        {
            var firstHold = throttled.Throttled[0].From;
            var lastRelease = throttled.Throttled[^1].To;
            text.AppendLine(string.Create(c,
                $"In the throttled run the backfill first held at {firstHold:0.0} s ({firstHold - throttled.PauseFrom:0.0} s after replay was paused) and went on for good at {lastRelease:0.0} s"));
            text.AppendLine(string.Create(c,
                $"({lastRelease - throttled.PauseTo:0.0} s after it resumed), in {throttled.Throttled.Count} throttled interval(s). The throttle samples the primary's position only before batches"));
            text.AppendLine("and at its polls (every second while it waits), so it sees a lag up to one poll later than the side sampler, and can");
            text.AppendLine("hold up to a second after the standby is back under the limit.");
        }

        if (costs.Count > 0)
        {
            RenderCosts(text, options, costs, calls);
        }

        text.AppendLine();
        text.AppendLine("Reproduce (starts its own throwaway primary and standby; about 13 minutes on two cores):");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(Command);
        text.AppendLine("```");
        return text.ToString();
    }

    /// <summary>With its sign, rounded first (so that −0.001 shows as +0.00, not as a negative zero).</summary>
    private static string Signed(double value, string format)
    {
        var rounded = double.Parse(value.ToString(format, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (rounded < 0 ? "−" : "+") + Math.Abs(rounded).ToString(format, CultureInfo.InvariantCulture);
    }

    private static double Median(IEnumerable<double> values) => GateCostMeasurement.Median(values);

    private static string Name(GateVariant variant) => variant switch
    {
        GateVariant.Off => "off",
        GateVariant.On => "on: the product's gates (pause + replica lag 5 s), asked at most every 250 ms",
        _ => "on, asked before every batch (the engine before the 250 ms spacing)",
    };

    private static void RenderCosts(StringBuilder text, LagOptions options, IReadOnlyList<GateCostMeasurement> costs, IReadOnlyList<GateCall> calls)
    {
        var c = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine("### Gates when no replica lags");
        text.AppendLine();
        text.AppendLine("The backfill of the section \"Backfill\" (adaptive, at most 1,000 rows per batch, real checkpoints, the rename's sync");
        text.AppendLine("trigger) through `BackfillDriver`, **gates off** (no gate: the driver as the backfill benchmark runs it) against");
        text.AppendLine("**gates on**: the gates `expand` builds with its default options (`BackfillGates.From`: the pause gate, which reads");
        text.AppendLine("the one-row pause table, and the replica-lag throttle at 5 s, which reads the primary's WAL position and");
        text.AppendLine("`pg_stat_replication`), asked between batches at most every 250 ms while they say go, with the same streaming");
        text.AppendLine("standby attached and replaying, not paused. A third variant asks the same gates before every batch, as the engine");
        text.AppendLine("did before that spacing (`BackfillGates.From(.., betweenBatches: TimeSpan.Zero)`). Same server, same process, fresh table");
        text.AppendLine(string.Create(c, $"for every run, replayed by the standby before the clock starts; {options.CostRuns} rounds per size, the variants in a rotating order"));
        text.AppendLine("within each round. The paired difference is taken within one round (variant − gates off).");
        text.AppendLine();
        text.AppendLine("| rows | gates | median (s) | rows/s | batches (median) | time throttled (s) | runs (s) |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---|");
        foreach (var m in costs.OrderBy(m => m.Rows).ThenBy(m => m.Variant))
        {
            var runs = string.Join(", ", m.Runs.Select(r => r.Elapsed.TotalSeconds.ToString("0.00", c)));
            text.AppendLine(string.Create(c,
                $"| {m.Rows:N0} | {Name(m.Variant)} | {m.MedianSeconds:0.00} | {m.Rows / m.MedianSeconds:N0} | {Median(m.Runs.Select(r => (double)r.Batches)):N0} | {m.Runs.Sum(r => r.ThrottledSeconds):0.0} | {runs} |"));
        }

        text.AppendLine();
        foreach (var rows in costs.Select(m => m.Rows).Distinct().Order())
        {
            var off = costs.Single(m => m.Rows == rows && m.Variant == GateVariant.Off);
            var spreadOff = off.Runs.Max(r => r.Elapsed.TotalSeconds) / off.Runs.Min(r => r.Elapsed.TotalSeconds);
            foreach (var on in costs.Where(m => m.Rows == rows && m.Variant != GateVariant.Off).OrderBy(m => m.Variant))
            {
                var paired = off.Runs.Zip(on.Runs, (a, b) => b.Elapsed.TotalSeconds - a.Elapsed.TotalSeconds).ToArray();
                var median = GateCostMeasurement.Median(paired);
                var perBatch = median / Median(on.Runs.Select(r => (double)r.Batches)) * 1000;
                text.AppendLine(string.Create(c,
                    $"- {rows:N0} rows, {Name(on.Variant)} − off, paired per round: median **{Signed(median, "0.00")} s** ({Signed(median / off.MedianSeconds * 100, "0.0")} % of the gates-off median, " +
                    $"{Signed(perBatch, "0.00")} ms per batch), range {Signed(paired.Min(), "0.00")} to {Signed(paired.Max(), "0.00")} s, {paired.Count(d => d > 0)} of {paired.Length} rounds slower; the gates-off runs alone spread by {spreadOff:0.00}×."));
            }
        }

        if (calls.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("One question to each gate, alone on an idle connection to the same primary (median and 90th percentile of");
            text.AppendLine(string.Create(c, $"{options.GateCalls:N0} calls after 50 warm-up calls):"));
            text.AppendLine();
            text.AppendLine("| call | median (ms) | p90 (ms) |");
            text.AppendLine("|---|---:|---:|");
            foreach (var call in calls)
            {
                text.AppendLine(string.Create(c, $"| {call.What} | {call.MedianMilliseconds:0.000} | {call.P90Milliseconds:0.000} |"));
            }

            var one = calls.First(k => k.What.StartsWith("SELECT 1", StringComparison.Ordinal)).MedianMilliseconds;
            var throttle = calls.First(k => k.What.StartsWith("replica-lag throttle", StringComparison.Ordinal)).MedianMilliseconds;
            var prepared = calls.First(k => k.What.Contains("prepared", StringComparison.Ordinal)).MedianMilliseconds;
            text.AppendLine();
            text.AppendLine(string.Create(c,
                $"Where the time goes: the pause gate costs about one round trip; the replica-lag throttle's question costs {throttle:0.00} ms, {throttle / one:0} round trips, almost all of it"));
            text.AppendLine(string.Create(c,
                $"planning its query (`pg_stat_replication` is a view over three functions and a join; the same query prepared once runs in {prepared:0.00} ms)."));
            text.AppendLine("Asked before each of about 1,000 batches of about 14 ms, that cost shows (the third variant). The product asks the gates");
            text.AppendLine("between batches at most every 250 ms while they say go, which bounds their cost by time, not by batch count. Preparing the");
            text.AppendLine("throttle's query once per connection (`PostgresReplicaPositions`) would cut each question to a sixth; not done.");
        }
    }

    /// <summary>Replaces the section in the file (other sections are left as they are), or adds it at the end.</summary>
    public static void Write(string path, string section)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : ["# Benchmarks", ""];
        var start = lines.FindIndex(line => line.TrimEnd() == Heading);
        var sectionLines = section.TrimEnd('\n', '\r').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (start < 0)
        {
            if (lines.Count > 0 && lines[^1].Length > 0)
            {
                lines.Add("");
            }

            lines.AddRange(sectionLines);
        }
        else
        {
            var end = lines.FindIndex(start + 1, line => line.StartsWith("## ", StringComparison.Ordinal));
            if (end < 0)
            {
                end = lines.Count;
            }
            else
            {
                sectionLines.Add("");
            }

            lines.RemoveRange(start, end - start);
            lines.InsertRange(start, sectionLines);
        }

        File.WriteAllText(path, string.Join('\n', lines).TrimEnd('\n') + "\n");
    }
}
