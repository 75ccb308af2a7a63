using System.Text.Json;
using Json.Schema;
using Xunit;

namespace SafeMigrate.Cli.Tests;

/// <summary>Validates command output against the JSON schemas under Schemas/ (one per output shape).</summary>
internal static class JsonShapes
{
    public const string Check = "check.schema.json";
    public const string Plan = "plan.schema.json";
    public const string Status = "status.schema.json";
    public const string Sarif = "sarif-2.1.0-subset.schema.json";

    public static JsonDocument AssertMatches(string schemaFile, string json)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", schemaFile)));
        var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"));
        Assert.True(result.IsValid, $"Output does not match {schemaFile}:\n{string.Join("\n", errors)}\n{json}");
        return document;
    }
}
