using MicroWeb.Fuzz;
using SharpFuzz;

// Usage: MicroWeb.Fuzz TARGET — runs TARGET under afl-fuzz (see fuzz/run.sh); TARGET is one of FuzzTargets.All.
if (args.Length != 1 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: MicroWeb.Fuzz TARGET   (targets: {string.Join(", ", FuzzTargets.All.Keys)})");
    return 2;
}

// Out of process: a stack overflow or a hang in the target is reported as a crash or a hang, not lost with the fork server.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.ToArray());
});
return 0;
