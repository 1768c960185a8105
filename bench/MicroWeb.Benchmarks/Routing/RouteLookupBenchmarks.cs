using BenchmarkDotNet.Attributes;
using MicroWeb.Routing;

namespace MicroWeb.Benchmarks.Routing;

/// <summary>
/// Lookup cost in a table of 50 routes shaped like a small app's: 26 literal, 24 with parameters and
/// constraints. Run: dotnet run -c Release --project bench/MicroWeb.Benchmarks -- --filter '*Route*'
/// </summary>
[MemoryDiagnoser]
public class RouteLookupBenchmarks
{
    private static readonly string[] s_resources =
        ["users", "posts", "comments", "tags", "messages", "orders", "products", "invoices", "teams", "files"];

    private RouteTable<string> _table = null!;
    private Dictionary<string, string> _dictionary = null!;

    [GlobalSetup]
    public void Setup()
    {
        var routes = new List<RouteDefinition<string>>();
        void Add(string method, string template) =>
            routes.Add(new RouteDefinition<string>(RoutePattern.Parse(template), [method], template, template));

        foreach (string resource in s_resources)
        {
            Add("GET", $"/{resource}");                          // 10 literal
            Add("GET", $"/{resource}/new");                      // 10 literal
            Add("GET", $"/{resource}/{{id:int}}");               // 10 constrained
            Add("GET", $"/{resource}/{{id:int}}/edit/{{tab?}}"); // 10 constrained + optional
        }

        Add("GET", "/");
        Add("GET", "/about");
        Add("GET", "/login");
        Add("POST", "/login");
        Add("GET", "/logout");
        Add("GET", "/users/{name}/avatar");
        Add("GET", "/static/{*path}");
        Add("GET", "/search/{term:minlength(2)}");
        Add("GET", "/archive/{year:range(2000,2100)}/{month:range(1,12)?}");
        Add("GET", "/health");
        _table = new RouteTable<string>(routes);
        _dictionary = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (RouteDefinition<string> route in routes)
        {
            _dictionary.TryAdd(route.Pattern.Path, route.Endpoint);
        }
    }

    /// <summary>
    /// One case-insensitive dictionary lookup of the same path: the floor a literal match cannot beat,
    /// and a yardstick that keeps the ratios meaningful on a busy machine.
    /// </summary>
    [Benchmark(Baseline = true)]
    public string? PlainDictionary() => _dictionary.GetValueOrDefault("/products/new");

    [Benchmark]
    public string? Literal() => _table.Match("/products/new", "GET").Endpoint;

    [Benchmark]
    public string? Parameterised() => _table.Match("/products/42/edit/details", "GET").Endpoint;

    [Benchmark]
    public string? NotFound() => _table.Match("/products/x/edit", "GET").Endpoint;
}
