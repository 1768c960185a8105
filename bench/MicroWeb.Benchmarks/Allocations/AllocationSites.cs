using System.Diagnostics.Tracing;
using MicroWeb.Benchmarks.Server;

namespace MicroWeb.Benchmarks.Allocations;

/// <summary>
/// Which types a whole request allocates: runs each <see cref="ControllerConnectionBenchmarks"/> case a million times
/// under the runtime's <c>GCAllocationTick</c> event (one sample per ~100 KB allocated, with the type that crossed the
/// mark) and prints the sampled types with their share of the bytes, next to the exact bytes per request.
/// Run: dotnet run -c Release --project bench/MicroWeb.Benchmarks -- --alloc-sites
/// </summary>
internal static class AllocationSites
{
    private const int Requests = 1_000_000;

    public static void Run()
    {
        var benchmarks = new ControllerConnectionBenchmarks();
        benchmarks.Setup();
        try
        {
            Report("/plaintext", () => benchmarks.Plaintext());
            Report("/json", () => benchmarks.Json());
            Report("/users/42", () => benchmarks.Users());
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    private static void Report(string name, Func<int> request)
    {
        for (var i = 0; i < 10_000; i++) request();
        using var listener = new TickListener();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Requests; i++) request();
        var after = GC.GetTotalAllocatedBytes(precise: true);
        Console.WriteLine($"{name}: {(after - before) / (double)Requests:F1} B per request ({listener.Ticks.Values.Sum()} samples)");
        foreach (var (type, count) in listener.Ticks.OrderByDescending(t => t.Value))
        {
            Console.WriteLine($"  {count,6}  {type}");
        }
    }

    private sealed class TickListener : EventListener
    {
        public Dictionary<string, int> Ticks { get; } = [];

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                // GC keyword (0x1) at Verbose: GCAllocationTick_V4 carries the type name.
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null) return;
            var index = e.PayloadNames.IndexOf("TypeName");
            if (index < 0 || e.Payload![index] is not string type) return;
            lock (Ticks)
            {
                Ticks[type] = Ticks.GetValueOrDefault(type) + 1;
            }
        }
    }
}
