using System.Reflection;

namespace SafeMigrate.Testing;

/// <summary>
/// Paths of the migrations assemblies under tests/Fixtures, built for net8.0. Test projects import
/// tests/Fixtures/Fixtures.targets, which records each path as assembly metadata "Fixture:NAME".
/// </summary>
public static class FixtureAssemblies
{
    public static string SampleMigrations => Get("SampleMigrations");

    public static string NoMigrations => Get("NoMigrations");

    public static string Get(string name)
    {
        var key = "Fixture:" + name;
        var path = AppDomain.CurrentDomain.GetAssemblies()
            .SelectMany(a => a.GetCustomAttributes<AssemblyMetadataAttribute>())
            .FirstOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"No assembly metadata '{key}': import tests/Fixtures/Fixtures.targets.");
        path = Path.GetFullPath(path);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Fixture '{name}' is not built.", path);
    }
}
