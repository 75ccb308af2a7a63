using System.Reflection;

namespace ZeroDowntime;

/// <summary>
/// The built app versions and migrations assembly. The driver project builds them (project references
/// without the assembly) and records their paths as assembly metadata.
/// </summary>
public static class BuildOutputs
{
    public static string AppV1 => PathOf("Build:AppV1");

    public static string AppV2 => PathOf("Build:AppV2");

    public static string Migrations => PathOf("Build:Migrations");

    private static string PathOf(string key)
    {
        var path = typeof(BuildOutputs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == key).Value
            ?? throw new HarnessException($"The driver was built without the path of {key}.");
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new HarnessException(
                $"'{path}' does not exist: build the driver (dotnet build examples/ZeroDowntime) in the same configuration it runs in.");
        }

        return path;
    }
}
