namespace SafeMigrate.Steps;

/// <summary>A table, by schema and name, unquoted.</summary>
public sealed record TableName(string Schema, string Name)
{
    public override string ToString() => $"{Schema}.{Name}";
}
