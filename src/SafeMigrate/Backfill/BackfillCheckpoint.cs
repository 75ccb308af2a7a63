using System.Text.Json;
using System.Text.Json.Serialization;
using SafeMigrate.Errors;

namespace SafeMigrate.Backfill;

/// <summary>
/// What a backfill saves with each batch: the key it walks, the greatest key that existed at the start (the range is
/// never extended to rows inserted later: triggers keep those in sync), the last key done, and the running totals.
/// Key values are the text form of each key column.
/// </summary>
internal sealed record BackfillCheckpoint(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("key")] string[] KeyColumns,
    [property: JsonPropertyName("max")] string[]? MaxKey,
    [property: JsonPropertyName("last")] string[]? LastKey,
    [property: JsonPropertyName("rowsDone")] long RowsDone,
    [property: JsonPropertyName("rowsUpdated")] long RowsUpdated,
    [property: JsonPropertyName("batches")] int Batches,
    [property: JsonPropertyName("done")] bool Done)
{
    public const int CurrentFormat = 1;

    public string Serialize() => JsonSerializer.Serialize(this);

    /// <exception cref="InvalidInputException">The text is not a checkpoint of this format.</exception>
    public static BackfillCheckpoint Parse(string text, string qualifiedTable)
    {
        BackfillCheckpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize<BackfillCheckpoint>(text);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"The stored checkpoint of the backfill of {qualifiedTable} is not one SafeMigrate wrote.", e);
        }

        if (checkpoint is null || checkpoint.Format != CurrentFormat || checkpoint.KeyColumns is null)
        {
            throw new InvalidInputException($"The stored checkpoint of the backfill of {qualifiedTable} is not one SafeMigrate wrote.");
        }

        return checkpoint;
    }
}
