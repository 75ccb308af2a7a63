using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using SafeMigrate.Analyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace SafeMigrate.Analyzers.Tests.Accuracy;

/// <summary>
/// Precision and recall of the analyzer on the labelled corpus of realistic migrations, per target database. A case
/// counts once per rule id: a true positive when the rule fires and was expected, a false positive when it fires
/// unexpected, a false negative when it was expected and stays silent. Run with
/// <c>--logger "console;verbosity=detailed"</c> to see the confusion details.
/// </summary>
public class CorpusAccuracyTests(ITestOutputHelper output)
{
    private const double Required = 0.9;

    /// <summary>
    /// PostgreSQL and SqlServer: the original corpus. RealWorldShapes: the shapes seen in large public code bases
    /// (template-method base classes, table-creating extension methods, Execute.WithConnection fixes, subquery WHEREs,
    /// predicate IfDatabase), labelled before the analyzer first ran on them; its first-run figures are in docs/benchmarks.md.
    /// </summary>
    [Theory]
    [InlineData("PostgreSQL", "postgres", 30)]
    [InlineData("SqlServer", "sqlserver", 30)]
    [InlineData("RealWorldShapes", "postgres", 20)]
    public async Task Corpus_PrecisionAndRecallAtLeast90Percent(string folder, string provider, int minimumCases)
    {
        var cases = CorpusCase.Load(folder);
        var shared = CorpusCase.LoadShared();
        var perRule = new SortedDictionary<string, (int Tp, int Fp, int Fn)>(StringComparer.Ordinal);
        var details = new StringBuilder();
        var invalid = new List<string>();
        int tp = 0, fp = 0, fn = 0, hazardous = 0, flagged = 0, safeFlagged = 0, hazardMissed = 0;
        foreach (var corpusCase in cases)
        {
            ImmutableArray<Diagnostic> diagnostics;
            try
            {
                diagnostics = await CorpusRunner.AnalyzeAsync(corpusCase, shared, provider);
            }
            catch (CorpusCompilationException e)
            {
                invalid.Add(e.Message);
                continue;
            }

            var reported = diagnostics.Select(d => d.Id).Where(id => id.StartsWith("SM", StringComparison.Ordinal)).ToHashSet();
            foreach (var id in reported.Union(corpusCase.Expected))
            {
                var (ruleTp, ruleFp, ruleFn) = perRule.GetValueOrDefault(id);
                if (reported.Contains(id) && corpusCase.Expected.Contains(id))
                {
                    tp++;
                    ruleTp++;
                }
                else if (reported.Contains(id))
                {
                    fp++;
                    ruleFp++;
                    var at = diagnostics.First(d => d.Id == id);
                    details.AppendLine($"  FP {id} {corpusCase.Name}: {at.GetMessage()} ({Path.GetFileName(at.Location.SourceTree?.FilePath)}:{at.Location.GetLineSpan().StartLinePosition.Line + 1})");
                }
                else
                {
                    fn++;
                    ruleFn++;
                    details.AppendLine($"  FN {id} {corpusCase.Name}");
                }

                perRule[id] = (ruleTp, ruleFp, ruleFn);
            }

            hazardous += corpusCase.Expected.Count > 0 ? 1 : 0;
            flagged += reported.Count > 0 ? 1 : 0;
            safeFlagged += corpusCase.Expected.Count == 0 && reported.Count > 0 ? 1 : 0;
            hazardMissed += corpusCase.Expected.Count > 0 && reported.Count == 0 ? 1 : 0;
        }

        var precision = tp + fp == 0 ? 1.0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 1.0 : (double)tp / (tp + fn);
        output.WriteLine($"{folder} ({provider}): {cases.Count} files, {hazardous} hazardous, {cases.Count - hazardous} safe look-alikes");
        output.WriteLine($"rule ids: TP {tp}, FP {fp}, FN {fn}; precision {precision:F3}, recall {recall:F3}");
        output.WriteLine($"files: {flagged} flagged; safe files flagged {safeFlagged}; hazardous files with no diagnostic {hazardMissed}");
        foreach (var (id, counts) in perRule)
        {
            output.WriteLine($"  {id}: TP {counts.Tp}, FP {counts.Fp}, FN {counts.Fn}");
        }

        output.WriteLine(details.Length == 0 ? "no misclassification" : "misclassified:\n" + details);

        Assert.True(invalid.Count == 0, string.Join("\n", invalid));
        Assert.True(cases.Count >= minimumCases, $"{folder}: only {cases.Count} corpus files");
        Assert.True(precision >= Required, $"{folder}: precision {precision:F3} < {Required}\n{details}");
        Assert.True(recall >= Required, $"{folder}: recall {recall:F3} < {Required}\n{details}");
    }

    [Fact]
    public void Corpus_LabelsNameExistingRulesOnly()
    {
        var known = RuleCatalog.Descriptors.Select(d => d.Id).ToHashSet();
        var cases = CorpusCase.Load("PostgreSQL").Concat(CorpusCase.Load("SqlServer")).Concat(CorpusCase.Load("RealWorldShapes")).ToList();
        Assert.True(cases.Count >= 80, $"only {cases.Count} corpus files");
        var unknown = cases.SelectMany(c => c.Expected.Where(id => !known.Contains(id)).Select(id => c.Name + ": " + id)).ToList();
        Assert.Empty(unknown);
    }
}
