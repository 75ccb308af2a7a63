using System.Text.Json;
using System.Text.Json.Serialization;
using SafeMigrate.Planning;
using SafeMigrate.Catalog;
using SafeMigrate.Steps;

namespace SafeMigrate.Execution;

/// <summary>
/// What is fixed when a migration's expand begins, kept in the state schema (<c>migration_state.expand_record</c>) until
/// the migration is rolled back:
/// <list type="bullet">
/// <item>the undo of its expand. Rollback runs what was recorded, not a new plan: a plan made after a partial expand
/// sees a changed database and could undo something else. Steps whose object existed before the expand began are left
/// out, so rollback can never drop what was there before; at rollback time a step runs only when one of the expand
/// steps it undoes was started.</item>
/// <item>the answers its <c>Up()</c> got to its schema queries: a resumed expand, contract and rollback collect the
/// migration again with the same answers, so its steps (and their recorded indexes) stay the same although the
/// database changed under it.</item>
/// <item>whether it was applied to a new database (<see cref="ReleasePlanner.PlanInstall"/>): then it has no undo.</item>
/// </list>
/// </summary>
/// <param name="Answers">Null for a migration an install marked but has not collected yet.</param>
internal sealed record ExpandRecord(bool Install, IReadOnlyList<Step> Rollback, IReadOnlyDictionary<string, bool>? Answers)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// The record of a release migration: the rollback steps of <paramref name="planned"/> without those whose object
    /// is already in <paramref name="before"/> (returned as <paramref name="kept"/>, for the log).
    /// </summary>
    public static ExpandRecord ForRelease(PlannedMigration planned, CatalogSnapshot before, IReadOnlyDictionary<string, bool> answers, out IReadOnlyList<CatalogObject> kept)
    {
        var keptObjects = new List<CatalogObject>();
        var steps = new List<Step>();
        foreach (var step in planned.Rollback)
        {
            if (step.Removes is { } removes && before.Contains(removes))
            {
                keptObjects.Add(removes);
                continue;
            }

            if (step.RequiresNotNullBefore is { } column && before.Find(column.Schema, column.Table!, column.Name) is not { NotNull: true })
            {
                continue;
            }

            if (step is not SqlStep)
            {
                throw new InvalidOperationException($"A rollback step must be SQL to be recorded, not {step.GetType().Name} ({step.Description}).");
            }

            steps.Add(step);
        }

        kept = keptObjects;
        return new ExpandRecord(false, steps, answers);
    }

    public static ExpandRecord ForInstall(IReadOnlyDictionary<string, bool>? answers) => new(true, [], answers);

    public static ExpandRecord? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<Stored>(text, Json) ?? throw new InvalidOperationException("Empty expand record.");
        return new ExpandRecord(
            stored.Install,
            stored.Rollback.Select(e => (Step)new SqlStep(e.Description, e.Sql, e.Transactional) { UndoesExpandSteps = e.Undoes, Removes = e.Removes }).ToList(),
            stored.Answers);
    }

    public string Serialize() => JsonSerializer.Serialize(
        new Stored(
            Install,
            Rollback.Cast<SqlStep>().Select(s => new Entry(s.Description, s.Statement, s.Transactional, s.UndoesExpandSteps.ToArray(), s.Removes)).ToList(),
            Answers is null ? null : new Dictionary<string, bool>(Answers)),
        Json);

    /// <summary>The steps to run: those undoing at least one expand step that was started or finished.</summary>
    public static IReadOnlyList<Step> OnlyForStarted(IReadOnlyList<Step> steps, IReadOnlySet<int> startedExpandSteps) =>
        steps.Where(s => s.UndoesExpandSteps.Any(startedExpandSteps.Contains)).ToList();

    private sealed record Stored(bool Install, List<Entry> Rollback, Dictionary<string, bool>? Answers);

    private sealed record Entry(string Description, string Sql, bool Transactional, int[] Undoes, CatalogObject? Removes);
}
