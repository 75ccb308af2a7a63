namespace SafeMigrate.Dialects;

/// <summary>How a column's type change runs, given the old type, the new one and the server's settings.</summary>
internal enum TypeChangeRecipe
{
    /// <summary>One short catalog-only <c>ALTER COLUMN … TYPE</c> in expand: both versions write the new type at once.</summary>
    InPlace,

    /// <summary>
    /// Shadow column of the new type, filled by a converting trigger while both versions write the original: only where
    /// every value the new version can write survives the old type or is rejected with an error.
    /// </summary>
    ShadowColumn,

    /// <summary>Neither: a value the new version writes during the overlap would be stored changed. Refused at plan time.</summary>
    Refused,
}
