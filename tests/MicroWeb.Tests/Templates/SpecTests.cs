using System.Text.Json;
using MicroWeb.Templates;

namespace MicroWeb.Tests.Templates;

/// <summary>
/// The Mustache spec (required modules and ~inheritance) run as data. Each case runs unchanged behind a standalone
/// <c>&lt;&lt;={{ }}=&gt;&gt;</c> line (the template and each partial), once with the data as plain .NET
/// dictionaries and lists and once as a <see cref="JsonElement"/>.
/// </summary>
public class SpecTests
{
    private const string ToMustacheDelimiters = "<<={{ }}=>>\n";

    private static readonly string[] Modules =
        ["comments", "delimiters", "interpolation", "inverted", "partials", "sections", "~inheritance"];

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var module in Modules)
        {
            using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Templates", "Spec", module + ".json")));
            var seen = new HashSet<string>();
            foreach (var test in spec.RootElement.GetProperty("tests").EnumerateArray())
            {
                var name = test.GetProperty("name").GetString()!;
                var unique = seen.Add(name) ? name : $"{name} #{seen.Count}";
                var partials = test.TryGetProperty("partials", out var p)
                    ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetString()!)
                    : [];
                var data = test.GetProperty("data").Clone();
                var template = test.GetProperty("template").GetString()!;
                var expected = test.GetProperty("expected").GetString()!;
                yield return new TestCaseData(template, ToPlain(data), partials, expected)
                    .SetName($"{module}: {unique} [plain]");
                yield return new TestCaseData(template, data, partials, expected)
                    .SetName($"{module}: {unique} [JsonElement]");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Spec_case_renders_expected_output(string template, object? data, Dictionary<string, string> partials, string expected)
    {
        var parsed = Template.Parse(ToMustacheDelimiters + template);

        var output = parsed.Render(data, name => partials.TryGetValue(name, out var partial) ? ToMustacheDelimiters + partial : null);

        Assert.That(output, Is.EqualTo(expected));
    }

    private static object? ToPlain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number when element.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
