namespace NoMigrations;

public static class Placeholder
{
    public const string Text = "no migrations here";
}
