namespace SafeMigrate.Catalog;

/// <summary>The kinds of named object a release creates, renames or drops, as the catalog lists them.</summary>
internal enum CatalogObjectKind
{
    Schema,
    Table,
    View,
    Column,
    Index,
    Constraint,
    Trigger,
    Sequence,
}

/// <summary>
/// A named object of the catalog: a schema (<paramref name="Schema"/> = <paramref name="Name"/>), a table, view or
/// sequence of a schema, or a column, index, constraint or trigger of <paramref name="Table"/>.
/// </summary>
internal sealed record CatalogObject(CatalogObjectKind Kind, string Schema, string? Table, string Name)
{
    public override string ToString() => Kind switch
    {
        CatalogObjectKind.Schema => $"schema \"{Name}\"",
        CatalogObjectKind.Table or CatalogObjectKind.View or CatalogObjectKind.Sequence => $"{Kind.ToString().ToLowerInvariant()} \"{Schema}\".\"{Name}\"",
        _ => $"{Kind.ToString().ToLowerInvariant()} \"{Name}\" of \"{Schema}\".\"{Table}\"",
    };
}

/// <summary>The kind names the catalog queries of both servers return.</summary>
internal static class CatalogObjects
{
    public static CatalogObjectKind ParseKind(string kind) => kind switch
    {
        "schema" => CatalogObjectKind.Schema,
        "table" => CatalogObjectKind.Table,
        "view" => CatalogObjectKind.View,
        "sequence" => CatalogObjectKind.Sequence,
        "index" => CatalogObjectKind.Index,
        "constraint" => CatalogObjectKind.Constraint,
        "trigger" => CatalogObjectKind.Trigger,
        _ => throw new InvalidOperationException($"Unknown catalog object kind '{kind}'."),
    };
}
