namespace SafeMigrate.Testing;

/// <summary>Paths inside this repository, found from the test assembly's location.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SafeMigrate.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"SafeMigrate.sln not found above {AppContext.BaseDirectory}.");
    }
}
