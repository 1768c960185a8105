using BenchmarkDotNet.Running;
using MicroWeb.Benchmarks.Allocations;

// Run all: dotnet run -c Release --project bench/MicroWeb.Benchmarks -- --filter '*'
// Allocated types of a whole request: dotnet run -c Release --project bench/MicroWeb.Benchmarks -- --alloc-sites
if (args is ["--alloc-sites"])
{
    AllocationSites.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
