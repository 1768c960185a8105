using MicroWeb.Fuzz;

namespace MicroWeb.Tests.Fuzz;

/// <summary>
/// Replays every input of fuzz/corpus (the seeds and the minimised crashes under regressions/) through the same target
/// code afl-fuzz runs, so a fixed bug stays fixed on every CI run without AFL or SharpFuzz instrumentation.
/// </summary>
public class FuzzCorpusReplayTests
{
    private static readonly string CorpusRoot = Path.Combine(AppContext.BaseDirectory, "FuzzCorpus");

    private static IEnumerable<TestCaseData> CorpusFiles() =>
        Directory.EnumerateFiles(CorpusRoot, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(CorpusRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(file => new TestCaseData(file).SetName($"Fuzz_corpus_input_keeps_its_target_contract({file})"));

    [TestCaseSource(nameof(CorpusFiles))]
    public void Fuzz_corpus_input_keeps_its_target_contract(string file)
    {
        var target = file[..file.IndexOf('/')];
        Assert.That(FuzzTargets.All.TryGetValue(target, out var run), Is.True, $"fuzz/corpus/{target} names no target in FuzzTargets.All");
        var input = File.ReadAllBytes(Path.Combine(CorpusRoot, file));

        // Run on a worker with a deadline: afl counts an input that runs for seconds as a hang, and so does this test.
        var replay = Task.Run(() => run!(input));
        Assert.That(replay.Wait(TimeSpan.FromSeconds(10)), Is.True, $"fuzz/corpus/{file} did not finish within 10 s");
    }

    [Test]
    public void Fuzz_every_target_has_a_seed_corpus()
    {
        foreach (var target in FuzzTargets.All.Keys)
        {
            var folder = Path.Combine(CorpusRoot, target);
            Assert.That(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(), Is.True, $"fuzz/corpus/{target}/ has no seed input");
        }
    }
}
