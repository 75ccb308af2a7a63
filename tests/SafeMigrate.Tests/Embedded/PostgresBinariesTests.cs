using SafeMigrate.Embedded;
using Xunit;

namespace SafeMigrate.Tests.Embedded;

public class PostgresBinariesTests
{
    [Fact]
    public void Locate_NothingInstalled_SaysWhatToInstall()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;
        var error = Assert.Throws<PostgresNotInstalledException>(() => PostgresBinaries.Locate(null, empty, empty));
        Assert.Contains("apt-get install postgresql", error.Message);
        Assert.Contains(PostgresBinaries.DirectoryVariable, error.Message);
    }

    [Fact]
    public void Locate_ConfiguredDirectoryWithoutPrograms_NamesTheVariable()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;
        var error = Assert.Throws<PostgresNotInstalledException>(() => PostgresBinaries.Locate(empty, null, empty));
        Assert.Contains($"{PostgresBinaries.DirectoryVariable} is '{empty}'", error.Message);
    }

    [Fact]
    public void Locate_ProgramsInDebianLayout_FindsNewestVersion()
    {
        var root = Directory.CreateTempSubdirectory().FullName;
        foreach (var version in new[] { "12", "15" })
        {
            var bin = Directory.CreateDirectory(Path.Combine(root, version, "bin")).FullName;
            foreach (var program in new[] { "initdb", "pg_ctl", "postgres" })
            {
                File.WriteAllText(Path.Combine(bin, program), "");
            }
        }

        Assert.Equal(Path.Combine(root, "15", "bin"), PostgresBinaries.Locate(null, "/nonexistent", root));
    }
}
