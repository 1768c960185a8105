namespace MicroWeb.Routing;

/// <summary>
/// The one route table: built once at startup, then matched per request without locks. 404, 405 with
/// <c>Allow</c>, HEAD served by GET and automatic OPTIONS all come from the same lookup.
/// </summary>
/// <remarks>
/// <para>Routes without parameters live in a dictionary keyed by their normalised path; the others in a
/// tree with one level per segment. Both compare literals case-insensitively.</para>
/// <para>Precedence, per segment left to right: literal, then constrained parameter (constraint lists in
/// declaration order), then plain parameter, then catch-all. At the node where a path ends, a route that
/// uses every one of its segments beats one that leaves optional segments out; between those, the first
/// left-out segment ranks as above. A route declaring the request's method beats an any-method route of
/// the same precedence.</para>
/// <para>The method is part of the search, as in ASP.NET Core and Werkzeug: the most specific route that
/// accepts the method wins, so with <c>GET /users/new</c> and <c>DELETE /users/{id}</c>,
/// <c>DELETE /users/new</c> reaches the second. 405 is answered only when routes match the path and none
/// accepts the method; <c>Allow</c> lists the methods of all of them.</para>
/// <para>Two routes with the same precedence at the same node and an overlapping method are rejected at
/// startup. Parameters with different constraint lists are not compared (a regex cannot be), so they are
/// tried in declaration order.</para>
/// </remarks>
internal sealed class RouteTable<TEndpoint>
    where TEndpoint : class
{
    private static readonly string[] s_methodOrder = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    private readonly Dictionary<string, Node> _literals = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> _literalLookup;
    private readonly Node _root = new(null);

    /// <summary>Builds the table.</summary>
    /// <exception cref="InvalidOperationException">Two routes are ambiguous, or a method name is empty; the message names both routes.</exception>
    public RouteTable(IEnumerable<RouteDefinition<TEndpoint>> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        _literalLookup = _literals.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var route in routes)
        {
            Add(route);
        }

        foreach (var node in _literals.Values)
        {
            node.Freeze();
        }

        _root.Freeze();
    }

    /// <summary>Finds the route for a request.</summary>
    /// <param name="path">
    /// The request path, percent-decoded except for <c>%2F</c>, which stays encoded so it does not split a
    /// segment; it is decoded to '/' in route values. A single trailing '/' is ignored. The route values point
    /// into this string rather than copy from it, so the match allocates nothing.
    /// </param>
    /// <param name="method">The request method, compared case-sensitively (RFC 9110 §9.1).</param>
    public RouteMatch<TEndpoint> Match(string path, ReadOnlySpan<char> method)
    {
        ArgumentNullException.ThrowIfNull(path);
        var span = path.AsSpan();
        if (span.IsEmpty || span[0] != '/')
        {
            return RouteMatch<TEndpoint>.NotFound;
        }

        if (span.Length > 1 && span[^1] == '/')
        {
            span = span[..^1];
        }

        var search = new Search(method);
        if (_literalLookup.TryGetValue(span, out var literal) && search.Visit(literal, 0))
        {
            return RouteMatch<TEndpoint>.Matched(search.Hit!.Endpoint, RouteValues.Empty, search.SuppressBody, search.Hit.Template);
        }

        var first = span.Length == 1 ? span.Length : 0;
        if (Walk(_root, span, first, 0, ref search))
        {
            var hit = search.Hit!;
            return RouteMatch<TEndpoint>.Matched(hit.Endpoint, new RouteValues(hit.Pattern, path, span.Length, search.HitDepth), search.SuppressBody, hit.Template);
        }

        if (search.Rejected is null)
        {
            return RouteMatch<TEndpoint>.NotFound;
        }

        var kind = method.SequenceEqual("OPTIONS") ? RouteMatchKind.Options : RouteMatchKind.MethodNotAllowed;
        if (search.MoreRejected is null)
        {
            return RouteMatch<TEndpoint>.NotAllowed(kind, search.Rejected.AllowedMethods, search.Rejected.Allow);
        }

        // Several routes of different shapes match the path (say /users/new and /users/{id}): a rare
        // error path, so their union is computed here rather than precomputed for every combination.
        var union = OrderMethods(search.MoreRejected.Prepend(search.Rejected).SelectMany(n => n.AllowedMethods));
        return RouteMatch<TEndpoint>.NotAllowed(kind, union, string.Join(", ", union));
    }

    /// <summary>
    /// Depth-first search in precedence order; the first node holding a route that accepts the method is
    /// the most specific match. <paramref name="pos"/> is the index of the '/' before the next segment, or
    /// the path length when every segment is consumed.
    /// </summary>
    private static bool Walk(Node node, ReadOnlySpan<char> path, int pos, int depth, ref Search search)
    {
        if (pos == path.Length)
        {
            return search.Visit(node, depth);
        }

        var start = pos + 1;
        var slash = path[start..].IndexOf('/');
        var end = slash < 0 ? path.Length : start + slash;
        var segment = path[start..end];
        if (node.Literals is not null
            && node.LiteralLookup.TryGetValue(segment, out var literal)
            && Walk(literal, path, end, depth + 1, ref search))
        {
            return true;
        }

        foreach (var child in node.Parameters)
        {
            var parameter = child.Parameter!;
            if (parameter.IsCatchAll)
            {
                var rest = path[start..];
                if (!rest.IsEmpty && Passes(parameter, rest) && search.Visit(child, depth + 1))
                {
                    return true;
                }
            }
            else if (!segment.IsEmpty && Passes(parameter, segment) && Walk(child, path, end, depth + 1, ref search))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Passes(RouteParameter parameter, ReadOnlySpan<char> raw) =>
        parameter.Constraints.Length == 0
        || parameter.Match(EncodedSlash.IsIn(raw) ? EncodedSlash.Decode(raw) : raw);

    private void Add(RouteDefinition<TEndpoint> route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var pattern = route.Pattern;
        string[] methods = [.. (route.Methods ?? []).Distinct(StringComparer.Ordinal)];
        if (methods.Any(string.IsNullOrWhiteSpace))
        {
            throw new InvalidOperationException($"Route '{pattern.Template}' in {route.DisplayName} has an empty HTTP method name.");
        }

        if (pattern.IsLiteral)
        {
            if (!_literals.TryGetValue(pattern.Path, out var node))
            {
                node = new Node(null);
                _literals.Add(pattern.Path, node);
            }

            node.Add(new Entry(route, methods, rank: 0));
            return;
        }

        var current = _root;
        foreach (var segment in pattern.Segments)
        {
            if (segment.Parameter is { IsOptional: true } optional)
            {
                // RoutePattern guarantees only optional segments follow an optional one, so a path
                // ending here is this route with the rest left out.
                current.Add(new Entry(route, methods, OmittedRank(optional)));
            }

            current = current.Child(segment);
        }

        current.Add(new Entry(route, methods, rank: 0));
    }

    /// <summary>A route ending at a node with segments left out ranks below one using all of its segments (0), by the kind of the first left-out segment.</summary>
    private static int OmittedRank(RouteParameter firstOmitted) =>
        (firstOmitted.IsCatchAll ? 3 : 1) + (firstOmitted.Constraints.Length == 0 ? 1 : 0);

    /// <summary>The methods in the order people read them (GET, HEAD, POST, …), then any others alphabetically.</summary>
    private static string[] OrderMethods(IEnumerable<string> methods) =>
        [.. methods.Distinct(StringComparer.Ordinal)
            .OrderBy(m => Array.IndexOf(s_methodOrder, m) is var i && i >= 0 ? i : s_methodOrder.Length)
            .ThenBy(m => m, StringComparer.Ordinal)];

    /// <summary>The state of one lookup, on the stack.</summary>
    private ref struct Search(ReadOnlySpan<char> method)
    {
        private readonly ReadOnlySpan<char> _method = method;
        private readonly bool _isHead = HttpMethods.IsHead(method);

        public Entry? Hit { get; private set; }

        public bool SuppressBody { get; private set; }

        /// <summary>How many path segments the hit consumed; route parameters past it were left out.</summary>
        public int HitDepth { get; private set; }

        /// <summary>The first node that matched the path but not the method, for 405 and OPTIONS.</summary>
        public Node? Rejected { get; private set; }

        /// <summary>Further such nodes; allocated only when the path matches routes at several nodes.</summary>
        public List<Node>? MoreRejected { get; private set; }

        public bool Visit(Node node, int depth)
        {
            if (node.Entries.Count == 0)
            {
                return false;
            }

            if (node.TrySelect(_method, _isHead, out var entry, out var suppressBody))
            {
                Hit = entry;
                SuppressBody = suppressBody;
                HitDepth = depth;
                return true;
            }

            if (Rejected is null)
            {
                Rejected = node;
            }
            else
            {
                (MoreRejected ??= []).Add(node);
            }

            return false;
        }
    }

    /// <summary>A route placed at a node: the route, its methods (empty: any) and its precedence there.</summary>
    private sealed class Entry(RouteDefinition<TEndpoint> route, string[] methods, int rank)
    {
        public TEndpoint Endpoint => route.Endpoint;

        public string Template => route.Pattern.Template;

        public RoutePattern Pattern => route.Pattern;

        public string[] Methods => methods;

        public bool IsAny => methods.Length == 0;

        /// <summary>0 when the route ends here using all its segments; higher ranks lose (see <see cref="OmittedRank"/>).</summary>
        public int Rank => rank;

        public bool Declares(ReadOnlySpan<char> method)
        {
            foreach (var declared in methods)
            {
                if (method.SequenceEqual(declared))
                {
                    return true;
                }
            }

            return false;
        }

        public bool Overlaps(Entry other) =>
            IsAny ? other.IsAny : !other.IsAny && methods.Intersect(other.Methods, StringComparer.Ordinal).Any();

        public override string ToString() =>
            $"'{(IsAny ? "*" : string.Join(",", methods))} {route.Pattern.Template}' in {route.DisplayName}";
    }

    /// <summary>A point in the route tree: the path so far, its children and the routes ending here.</summary>
    private sealed class Node(RouteParameter? parameter)
    {
        private readonly List<Entry> _entries = [];
        private readonly List<Node> _parameters = [];

        /// <summary>The parameter this node matches (null for literal nodes and the root); shared by every route with the same kind and constraints here.</summary>
        public RouteParameter? Parameter => parameter;

        public Dictionary<string, Node>? Literals { get; private set; }

        public Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>> LiteralLookup { get; private set; }

        /// <summary>Parameter children in precedence order: constrained, plain, constrained catch-all, plain catch-all.</summary>
        public List<Node> Parameters => _parameters;

        /// <summary>Routes ending here, by rank.</summary>
        public List<Entry> Entries => _entries;

        public string[] AllowedMethods { get; private set; } = [];

        /// <summary>The <c>Allow</c> header for this node alone, computed once in <see cref="Freeze"/>.</summary>
        public string Allow { get; private set; } = "";

        public Node Child(RouteSegment segment)
        {
            if (segment.Literal is { } text)
            {
                if (Literals is null)
                {
                    Literals = new Dictionary<string, Node>(StringComparer.OrdinalIgnoreCase);
                    LiteralLookup = Literals.GetAlternateLookup<ReadOnlySpan<char>>();
                }

                if (!Literals.TryGetValue(text, out var literal))
                {
                    literal = new Node(null);
                    Literals.Add(text, literal);
                }

                return literal;
            }

            var wanted = segment.Parameter!;
            var existing = _parameters.Find(n =>
                n.Parameter!.IsCatchAll == wanted.IsCatchAll && n.Parameter.ConstraintKey == wanted.ConstraintKey);
            if (existing is not null)
            {
                return existing;
            }

            var child = new Node(wanted);
            var order = Order(wanted);
            var index = _parameters.FindIndex(n => Order(n.Parameter!) > order);
            _parameters.Insert(index < 0 ? _parameters.Count : index, child);
            return child;

            static int Order(RouteParameter p) => (p.IsCatchAll ? 2 : 0) + (p.Constraints.Length == 0 ? 1 : 0);
        }

        public void Add(Entry entry)
        {
            foreach (var other in _entries)
            {
                if (other.Rank == entry.Rank && other.Overlaps(entry))
                {
                    throw new InvalidOperationException(
                        $"Ambiguous routes: {other} and {entry}. Both match the same requests with the same precedence; "
                        + "change a template, add a constraint or use different HTTP methods.");
                }
            }

            var index = _entries.FindIndex(e => e.Rank > entry.Rank);
            _entries.Insert(index < 0 ? _entries.Count : index, entry);
        }

        /// <summary>
        /// Picks the route for <paramref name="method"/>: within the best rank that has a candidate, one
        /// declaring the method, else (for HEAD) one declaring GET, else an any-method route.
        /// </summary>
        public bool TrySelect(ReadOnlySpan<char> method, bool isHead, out Entry? selected, out bool suppressBody)
        {
            var i = 0;
            while (i < _entries.Count)
            {
                var rank = _entries[i].Rank;
                Entry? best = null;
                var bestScore = 0;
                for (; i < _entries.Count && _entries[i].Rank == rank; i++)
                {
                    var entry = _entries[i];
                    var score = entry.Declares(method) ? 3 : isHead && entry.Declares("GET") ? 2 : entry.IsAny ? 1 : 0;
                    if (score > bestScore)
                    {
                        best = entry;
                        bestScore = score;
                    }
                }

                if (best is not null)
                {
                    selected = best;
                    suppressBody = isHead && bestScore < 3;
                    return true;
                }
            }

            selected = null;
            suppressBody = false;
            return false;
        }

        /// <summary>Precomputes <see cref="Allow"/> here and below. A node with an any-method route never rejects, so only declared methods count.</summary>
        public void Freeze()
        {
            var declared = _entries.SelectMany(e => e.Methods);
            if (declared.Contains("GET"))
            {
                declared = declared.Append("HEAD");
            }

            AllowedMethods = OrderMethods(declared.Append("OPTIONS"));
            Allow = string.Join(", ", AllowedMethods);
            foreach (var child in _parameters)
            {
                child.Freeze();
            }

            foreach (var child in Literals?.Values ?? Enumerable.Empty<Node>())
            {
                child.Freeze();
            }
        }
    }
}
