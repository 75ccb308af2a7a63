using System.CommandLine;
using SafeMigrate.Errors;
using SafeMigrate.Execution;

namespace SafeMigrate.Cli;

/// <summary>
/// The options of commands that change the database (expand, contract, rollback): lock timeout and retries, backfill
/// batch size, target batch duration and pause, and the format of the run's report. Defined once so they read the same everywhere, and turned into the library's options here.
/// </summary>
/// <param name="batching">False for rollback, which runs no backfill: --batch-size, --batch-target-ms and --batch-delay are not offered.</param>
internal sealed class RunOptions(bool batching = true)
{
    private const string LogFormatName = "--log-format";

    private static readonly SafeMigratorOptions Defaults = new();

    public Option<int> LockTimeout { get; } = new("--lock-timeout")
    {
        Description = "lock_timeout (SET LOCK_TIMEOUT on SQL Server) of every statement, in milliseconds: the longest an application query can queue behind a migration statement.",
        DefaultValueFactory = _ => (int)Defaults.LockTimeout.TotalMilliseconds,
        HelpName = "ms",
    };

    public Option<int> LockRetries { get; } = new("--lock-retries")
    {
        Description = "Tries per step when a lock is not granted in time, with capped, jittered backoff; then exit 4.",
        DefaultValueFactory = _ => Defaults.MaxLockAttempts,
        HelpName = "n",
    };

    public Option<int> BatchSize { get; } = new("--batch-size")
    {
        Description = "Rows per backfill batch, each in its own short transaction.",
        DefaultValueFactory = _ => Defaults.BatchSize,
        HelpName = "n",
    };

    public Option<int> BatchTarget { get; } = new("--batch-target-ms")
    {
        Description = "How long a backfill batch should hold its row locks, in milliseconds: batches shrink when slower and grow back up to --batch-size when faster; capped at half --lock-timeout. 0: fixed batches of --batch-size rows.",
        DefaultValueFactory = _ => (int)Defaults.BackfillTargetBatchDuration!.Value.TotalMilliseconds,
        HelpName = "ms",
    };

    public Option<int> BatchDelay { get; } = new("--batch-delay")
    {
        Description = "Pause after each backfill batch, in milliseconds, to leave room to the application and replicas.",
        DefaultValueFactory = _ => (int)Defaults.DelayBetweenBatches.TotalMilliseconds,
        HelpName = "ms",
    };

    public Option<string?> ThrottleQuery { get; } = new("--throttle-query")
    {
        Description = "A query run before each backfill batch; while it returns true the backfill waits (e.g. \"SELECT count(*) > 40 FROM pg_stat_activity WHERE state = 'active'\"). Checked once first: a query that fails is exit 2, before anything changes.",
        HelpName = "sql",
    };

    public Option<int> MaxReplicaLag { get; } = new("--max-replica-lag")
    {
        Description = "Before each backfill batch, wait while any replica is further behind than this, in milliseconds; a replica whose replay is paused lags more and more. PostgreSQL: the streaming replicas in pg_stat_replication and each --replica; SQL Server: the availability group's secondaries. 0: off.",
        DefaultValueFactory = _ => (int)Defaults.MaxReplicaLag.TotalMilliseconds,
        HelpName = "ms",
    };

    public Option<string[]> Replica { get; } = new("--replica")
    {
        Description = "PostgreSQL: a connection string of one more replica to watch for --max-replica-lag (repeatable), for standbys the primary does not show. Each must open and be in recovery, or exit 2 before anything changes.",
        HelpName = "connection",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> LogFormat { get; } = CreateLogFormat();

    public IEnumerable<Option> All => batching ? [LockTimeout, LockRetries, BatchSize, BatchTarget, BatchDelay, ThrottleQuery, MaxReplicaLag, Replica, LogFormat] : [LockTimeout, LockRetries, LogFormat];

    /// <summary>Whether the parsed command asked for <c>--log-format json</c> (false for a command without the option).</summary>
    public static bool IsJsonLog(ParseResult parseResult) => parseResult.GetValue<string>(LogFormatName) == "json";

    private static Option<string> CreateLogFormat()
    {
        var option = new Option<string>(LogFormatName)
        {
            Description = "How the run reports on stderr: text (a live view on a terminal, timestamped lines elsewhere) or json (one JSON event per line, for pipelines).",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    /// <exception cref="InvalidInputException">A value out of range.</exception>
    public SafeMigratorOptions Read(ParseResult parseResult)
    {
        var lockTimeout = parseResult.GetValue(LockTimeout);
        var retries = parseResult.GetValue(LockRetries);
        var batchSize = batching ? parseResult.GetValue(BatchSize) : Defaults.BatchSize;
        var delay = batching ? parseResult.GetValue(BatchDelay) : (int)Defaults.DelayBetweenBatches.TotalMilliseconds;
        var target = batching ? parseResult.GetValue(BatchTarget) : (int)Defaults.BackfillTargetBatchDuration!.Value.TotalMilliseconds;
        if (lockTimeout <= 0 || retries <= 0 || batchSize <= 0)
        {
            throw new InvalidInputException("--lock-timeout, --lock-retries and --batch-size must be positive.");
        }

        if (delay < 0 || target < 0)
        {
            throw new InvalidInputException("--batch-delay and --batch-target-ms must be zero or positive.");
        }

        if (batching && parseResult.GetResult(ThrottleQuery) is not null && string.IsNullOrWhiteSpace(parseResult.GetValue(ThrottleQuery)))
        {
            throw new InvalidInputException("--throttle-query needs a query that answers true (wait) or false (go).");
        }

        var maxReplicaLag = batching ? parseResult.GetValue(MaxReplicaLag) : 0;
        var replicas = batching ? parseResult.GetValue(Replica) ?? [] : [];
        if (maxReplicaLag < 0)
        {
            throw new InvalidInputException("--max-replica-lag must be zero (off) or positive.");
        }

        if (replicas.Length > 0 && maxReplicaLag == 0)
        {
            throw new InvalidInputException("--replica needs --max-replica-lag above 0: the replicas are watched for that limit.");
        }

        if (replicas.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidInputException("--replica needs a connection string.");
        }

        return new SafeMigratorOptions
        {
            LockTimeout = TimeSpan.FromMilliseconds(lockTimeout),
            MaxLockAttempts = retries,
            BatchSize = batchSize,
            BackfillTargetBatchDuration = target > 0 ? TimeSpan.FromMilliseconds(target) : null,
            DelayBetweenBatches = TimeSpan.FromMilliseconds(delay),
            ThrottleQuery = batching ? parseResult.GetValue(ThrottleQuery) : null,
            MaxReplicaLag = TimeSpan.FromMilliseconds(maxReplicaLag),
            Replicas = replicas,
        };
    }
}
