namespace MicroWeb.Tests.Architecture;

/// <summary>
/// The dependency rules of docs/architecture.md, as data: the top-level folders of src/MicroWeb each folder may
/// use. Anything not listed is a violation, so a new arrow between folders is a decision made here, in review.
/// </summary>
internal static class LayerRules
{
    public static readonly IReadOnlyDictionary<string, string[]> MayUse = new Dictionary<string, string[]>
    {
        // The template engine is usable on its own.
        ["Templates"] = [],
        // The environment and configuration-value parsing every layer may read.
        ["Configuration"] = [],
        // The request/response model and the protocol: no server, no routing, no results, no security.
        ["Http"] = ["Configuration"],
        ["Server"] = ["Http", "Configuration"],
        // Generic over the endpoint type: routing knows nothing of controllers.
        ["Routing"] = ["Http"],
        ["Middleware"] = ["Http", "Configuration"],
        ["HttpResults"] = ["Http", "Templates", "Configuration"],
        ["Security"] = ["Http", "Middleware", "Routing", "Configuration"],
        ["Controllers"] = ["Http", "Routing", "HttpResults", "Security", "Configuration"],
        // Describes the route table (controllers, binders, results); nothing but Hosting uses it.
        ["OpenApi"] = ["Http", "Routing", "Controllers", "HttpResults", "Security", "Configuration"],
        // Hosting composes everything; nothing depends on it.
        ["Hosting"] = ["Templates", "Configuration", "Http", "Server", "Routing", "Middleware", "HttpResults", "Security", "Controllers", "OpenApi"],
    };

    /// <summary>Every reference that crosses into a folder its folder may not use, one line each.</summary>
    public static List<string> Violations(IEnumerable<TypeReference> references)
    {
        var violations = new List<string>();
        foreach (TypeReference reference in references)
        {
            if (!MayUse.TryGetValue(reference.FromFolder, out string[]? allowed))
            {
                violations.Add($"{reference} — folder {reference.FromFolder} has no rule in LayerRules.MayUse");
            }
            else if (Array.IndexOf(allowed, reference.ToFolder) < 0)
            {
                violations.Add($"{reference} — {reference.FromFolder} may use only {(allowed.Length == 0 ? "nothing else" : string.Join(", ", allowed))}");
            }
        }

        return violations;
    }

    /// <summary>The cycles between folders in the references (strongly connected components of two or more), each with one reference per arrow.</summary>
    public static List<string> Cycles(IReadOnlyList<TypeReference> references)
    {
        var edges = references
            .GroupBy(r => (r.FromFolder, r.ToFolder))
            .ToDictionary(g => g.Key, g => g.First());
        var graph = edges.Keys.GroupBy(e => e.FromFolder).ToDictionary(g => g.Key, g => g.Select(e => e.ToFolder).ToList());
        var cycles = new List<string>();
        foreach (List<string> component in StronglyConnected(graph))
        {
            if (component.Count < 2)
            {
                continue;
            }

            var inside = component.ToHashSet();
            var arrows = edges.Where(e => inside.Contains(e.Key.FromFolder) && inside.Contains(e.Key.ToFolder))
                .OrderBy(e => e.Key.FromFolder, StringComparer.Ordinal)
                .Select(e => $"  {e.Key.FromFolder} → {e.Key.ToFolder}, e.g. {e.Value}");
            cycles.Add($"cycle between {string.Join(", ", component.Order(StringComparer.Ordinal))}:\n{string.Join("\n", arrows)}");
        }

        return cycles;
    }

    // Tarjan's algorithm; the graph has a dozen nodes, so recursion depth is no concern.
    private static List<List<string>> StronglyConnected(Dictionary<string, List<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();
        var nodes = graph.Keys.Concat(graph.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (string next in graph.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }

        foreach (string node in nodes)
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return components;
    }
}
