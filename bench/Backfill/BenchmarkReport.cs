using System.Globalization;
using System.Text;
using SafeMigrate.Backfill;
using SafeMigrate.Providers.Postgres;

namespace SafeMigrate.Bench.Backfill;

/// <summary>The "## Backfill" section of docs/benchmarks.md: machine, results, targets, and the command behind them.</summary>
internal static class BenchmarkReport
{
    public const string Heading = "## Backfill";
    public const string Command = "dotnet run -c Release --project bench/Backfill -- --write docs/benchmarks.md";

    public static string Render(
        MachineInfo machine,
        BenchOptions options,
        IReadOnlyList<Measurement> results,
        IReadOnlyList<ContentionMeasurement> contention,
        string? batchPlan,
        string loadAverages)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(Heading);
        text.AppendLine();
        text.AppendLine("The expand step of a column rename: a table with a `bigint` primary key, an `old_col` (md5 text), an empty");
        text.AppendLine("`new_col`, and a `BEFORE INSERT OR UPDATE` row trigger that keeps the two equal. **Backfill** is");
        text.AppendLine("`PostgresBackfill.RunAsync` with `SET \"new_col\" = \"old_col\"` (no predicate, real checkpoint in");
        text.AppendLine("`safe_migrate.step_state` with every batch, no delay between batches), either **adaptive** (the default: batches");
        text.AppendLine(string.Create(c, $"sized to last about {BackfillRequest.DefaultTargetBatchDuration.TotalMilliseconds:0} ms, up to the batch size shown) or with **fixed batches** of that size (the engine before"));
        text.AppendLine("batches were sized by time); **single UPDATE** is one");
        text.AppendLine("`UPDATE t SET new_col = old_col` with the same trigger. Each measurement starts from a freshly loaded,");
        text.AppendLine($"vacuumed and analyzed copy of the same table; the figure is the median of {options.Runs} runs (wall clock, client side).");
        text.AppendLine();
        text.AppendLine(string.Create(c, $"Machine: {machine.Cores} cores ({machine.Cpu}), {machine.Memory} memory, PostgreSQL {machine.PostgresVersion};"));
        text.AppendLine($"server settings: {machine.ServerSettings}. Measured {DateTime.UtcNow:yyyy-MM-dd}.");
        text.AppendLine($"Load average (1 min) at the start / end of the measurements: {loadAverages}; other work on the machine shows as");
        text.AppendLine("spread between runs, which the median damps but does not remove.");
        text.AppendLine();
        text.AppendLine("| rows | method | (max) batch size | median (s) | rows/s | µs/row | runs (s) |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---|");
        foreach (var m in results.OrderBy(m => m.Rows).ThenBy(m => m.BatchSize ?? 0).ThenBy(m => m.Target is null))
        {
            var runs = string.Join(", ", m.Runs.Select(r => r.TotalSeconds.ToString("0.00", c)));
            text.AppendLine(string.Create(c,
                $"| {m.Rows:N0} | {m.Method} | {(m.BatchSize is { } b ? b.ToString("N0", c) : "—")} | {m.Median.TotalSeconds:0.00} | {m.RowsPerSecond:N0} | {m.MicrosecondsPerRow:0.00} | {runs} |"));
        }

        text.AppendLine();
        var smallest = options.Sizes.Min();
        var largest = options.Sizes.Max();
        var update = results.SingleOrDefault(m => m.Rows == largest && m.BatchSize is null);
        text.AppendLine("Targets (issue 3, item 9):");
        text.AppendLine();
        foreach (var big in results.Where(m => m.Rows == largest && m.BatchSize is not null))
        {
            var small = results.SingleOrDefault(m => m.Rows == smallest && m.BatchSize == big.BatchSize && m.Target == big.Target);
            if (small is null || update is null)
            {
                continue;
            }

            var rateRatio = big.RowsPerSecond / update.RowsPerSecond;
            var costRatio = big.MicrosecondsPerRow / small.MicrosecondsPerRow;
            text.AppendLine(string.Create(c,
                $"- {big.Method}, batch {big.BatchSize:N0}: at {largest:N0} rows the backfill runs at **{rateRatio:0.00}×** the single UPDATE's rate (target ≥ 0.5×: {Verdict(rateRatio >= 0.5)}); " +
                $"its cost per row at {largest:N0} rows is **{costRatio:0.00}×** that at {smallest:N0} rows (target ≤ 1.25×: {Verdict(costRatio <= 1.25)})."));
        }

        var spread = results.Max(m => m.Runs.Max() / m.Runs.Min());
        if (spread > 1.3)
        {
            text.AppendLine();
            text.AppendLine(string.Create(c,
                $"**Caution:** the runs of one measurement differ by up to {spread:0.0}×: the machine was busy with other work (see the load average)."));
            text.AppendLine("Short measurements (the smaller table) suffer most, which makes the cost-per-row ratio between sizes look better than it is;");
            text.AppendLine("rerun on an idle machine for clean ratios.");
        }

        text.AppendLine();
        text.AppendLine("What the figures do not show: the server runs without durability (`fsync=off`, `synchronous_commit=off`, the");
        text.AppendLine("throwaway cluster's settings), so a commit costs no WAL flush. On a durable server each batch pays one flush");
        text.AppendLine("(the single UPDATE pays one in all): with about 1 ms per flush that adds about 1 µs per row at batch size 1,000.");
        text.AppendLine("The single UPDATE holds a row lock on every row until it commits; the backfill holds at most one batch's.");
        if (contention.Count > 0)
        {
            RenderContention(text, options, contention);
        }
        if (batchPlan is not null)
        {
            text.AppendLine();
            text.AppendLine(string.Create(c, $"One batch in the middle of the {largest:N0}-row table, in the shape of the engine's statement for a one-column key,"));
            text.AppendLine("under `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)`: an ordered index-only walk of the key for the batch's keys, then the");
            text.AppendLine("UPDATE through the same index, bounded by the batch's first and last keys.");
            text.AppendLine();
            text.AppendLine("```");
            text.AppendLine(batchPlan);
            text.AppendLine("```");
        }

        text.AppendLine();
        text.AppendLine("Reproduce (starts its own throwaway PostgreSQL, or uses `SAFEMIGRATE_CONNECTION` if set; a few minutes on two cores):");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(Command);
        text.AppendLine("```");
        return text.ToString();
    }

    /// <summary>Replaces the section in the file (other sections are left as they are), or adds it.</summary>
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

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, string.Join('\n', lines).TrimEnd('\n') + "\n");
    }

    private static void RenderContention(StringBuilder text, BenchOptions options, IReadOnlyList<ContentionMeasurement> contention)
    {
        var c = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine("### Application writes during a slow backfill");
        text.AppendLine();
        text.AppendLine(string.Create(c,
            $"The same rename on {options.ContentionRows:N0} rows whose update is slow: a second row trigger sleeps {options.ContentionSleepMs:0.0##} ms per row (a slow"));
        text.AppendLine("trigger, disk or machine: the zero-downtime example measured 0.4–1.2 ms per row on a loaded 2-core machine). Two");
        text.AppendLine("application connections update random rows of the table in a loop (`UPDATE … SET payload = payload + 1 WHERE id = $1`,");
        text.AppendLine("autocommit, no lock timeout) for the whole backfill; an UPDATE of a row in the running batch waits until the batch");
        text.AppendLine(string.Create(c, $"commits. Each way of batching ran {options.ContentionRuns} times, interleaved; the application's figures pool all its runs, and each"));
        text.AppendLine("UPDATE costs one slow row itself. Percentiles count UPDATEs, not time: with fixed batches the clients spent most of");
        text.AppendLine("the backfill stuck behind a batch, which shows as far fewer UPDATEs in the same time, not in the p99.");
        text.AppendLine();
        text.AppendLine("| batches | backfill median (s) | batches (median) | app UPDATEs | app p50 (ms) | app p99 (ms) | app longest per run (ms) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var m in contention)
        {
            var longest = string.Join(", ", m.LongestPerRun.Select(t => t.TotalMilliseconds.ToString("0", c)));
            text.AppendLine(string.Create(c,
                $"| {m.Label}, at most {m.BatchSize:N0} rows | {m.MedianBackfill.TotalSeconds:0.00} | {m.MedianBatches:N0} | {m.AppUpdates:N0} | {m.AppPercentile(0.5).TotalMilliseconds:0.0} | {m.AppPercentile(0.99).TotalMilliseconds:0.0} | {longest} |"));
        }
    }

    private static string Verdict(bool met) => met ? "met" : "**not met**";
}
