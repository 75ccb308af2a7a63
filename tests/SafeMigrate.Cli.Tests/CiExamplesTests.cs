using System.Text;
using System.Text.RegularExpressions;
using SafeMigrate.Testing;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace SafeMigrate.Cli.Tests;

/// <summary>The pipeline files in examples/ci parse as YAML and call the tool only with commands and options it accepts.</summary>
public partial class CiExamplesTests
{
    public static TheoryData<string> Pipelines => new() { "examples/ci/github-actions.yml", "examples/ci/azure-pipelines.yml" };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Pipeline_ParsesAsYaml(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(RepositoryLayout.PathOf(path)));
        yaml.Load(reader);

        var root = Assert.IsType<YamlMappingNode>(Assert.Single(yaml.Documents).RootNode);
        var key = path.Contains("github", StringComparison.Ordinal) ? "jobs" : "stages";
        Assert.Contains(root.Children.Keys, k => k is YamlScalarNode { Value: var v } && v == key);
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void EverySafeMigrateCall_ParsesWithTheRealCommandTree(string path)
    {
        var calls = SafeMigrateCalls(path).ToList();

        // A release pipeline checks, expands and contracts.
        Assert.Superset(new HashSet<string> { "check", "expand", "contract" }, calls.Select(c => c[0]).ToHashSet());
        foreach (var call in calls)
        {
            var result = SafeMigrateCommandLine.Build().Parse(call);
            Assert.True(result.Errors.Count == 0, $"'dotnet safe-migrate {string.Join(' ', call)}' in {path}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            Assert.Equal(call[0], result.CommandResult.Command.Name);
        }
    }

    /// <summary>The arguments of every <c>dotnet safe-migrate</c> call in the file's scalars (the shell scripts of its steps).</summary>
    private static IEnumerable<string[]> SafeMigrateCalls(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(RepositoryLayout.PathOf(path)));
        yaml.Load(reader);
        foreach (var scalar in yaml.Documents[0].AllNodes.OfType<YamlScalarNode>())
        {
            var script = (scalar.Value ?? string.Empty).Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (var line in script.Split('\n'))
            {
                var at = line.IndexOf("dotnet safe-migrate ", StringComparison.Ordinal);
                if (at < 0 || line.TrimStart().StartsWith('#'))
                {
                    continue;
                }

                var words = ShellWords(line[(at + "dotnet safe-migrate ".Length)..]).TakeWhile(w => w is not (">" or ">>" or "|" or "&&" or "||" or ";")).ToArray();
                if (words.Length > 0 && words[0] != "...")
                {
                    yield return words;
                }
            }
        }
    }

    /// <summary>Splits a shell command line into words, honouring single and double quotes (no expansion: variables stay as text).</summary>
    private static IEnumerable<string> ShellWords(string line)
    {
        foreach (Match match in ShellWord().Matches(line))
        {
            var word = new StringBuilder();
            foreach (Match part in ShellWordPart().Matches(match.Value))
            {
                var value = part.Value;
                word.Append(value.Length >= 2 && (value[0] == '"' || value[0] == '\'') ? value[1..^1] : value);
            }

            yield return word.ToString();
        }
    }

    [GeneratedRegex(@"(?:""[^""]*""|'[^']*'|[^\s""']+)+")]
    private static partial Regex ShellWord();

    [GeneratedRegex(@"""[^""]*""|'[^']*'|[^\s""']+")]
    private static partial Regex ShellWordPart();
}
