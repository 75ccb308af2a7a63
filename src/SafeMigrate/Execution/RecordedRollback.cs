using System.Text.Json;
using System.Text.Json.Serialization;
using SafeMigrate.Dialects.Postgres;
using SafeMigrate.Planning;

namespace SafeMigrate.Execution;

/// <summary>
/// The undo of one migration's expand, fixed when the expand begins and kept in the state schema until the migration
/// is contracted or rolled back. Rollback runs what was recorded, not a new plan: a plan made after a partial expand
/// sees a changed database (a schema query of the migration may answer differently) and could undo something else.
/// Steps whose object existed before the expand began are left out here, so rollback can never drop what was there
/// before; at rollback time a step runs only when one of the expand steps it undoes was started.
/// </summary>
internal static class RecordedRollback
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// The rollback steps of <paramref name="planned"/> without those whose object is already in <paramref name="before"/>
    /// (returned as <paramref name="kept"/>, for the log), as the text the state schema stores.
    /// </summary>
    public static string Record(PlannedMigration planned, CatalogSnapshot before, out IReadOnlyList<CatalogObject> kept)
    {
        var keptObjects = new List<CatalogObject>();
        var records = new List<Entry>();
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

            if (step is not SqlStep sql)
            {
                throw new InvalidOperationException($"A rollback step must be SQL to be recorded, not {step.GetType().Name} ({step.Description}).");
            }

            records.Add(new Entry(sql.Description, sql.Statement, sql.Transactional, step.UndoesExpandSteps.ToArray(), step.Removes));
        }

        kept = keptObjects;
        return JsonSerializer.Serialize(records, Json);
    }

    public static IReadOnlyList<Step> Read(string recorded) =>
        (JsonSerializer.Deserialize<List<Entry>>(recorded, Json) ?? [])
        .Select(e => (Step)new SqlStep(e.Description, e.Sql, e.Transactional) { UndoesExpandSteps = e.Undoes, Removes = e.Removes })
        .ToList();

    /// <summary>The steps to run: those undoing at least one expand step that was started or finished.</summary>
    public static IReadOnlyList<Step> OnlyForStarted(IReadOnlyList<Step> steps, IReadOnlySet<int> startedExpandSteps) =>
        steps.Where(s => s.UndoesExpandSteps.Any(startedExpandSteps.Contains)).ToList();

    private sealed record Entry(string Description, string Sql, bool Transactional, int[] Undoes, CatalogObject? Removes);
}
