namespace MicroWeb.Configuration;

/// <summary>The "did you mean" of configuration errors: the known name closest to a misspelt one.</summary>
internal static class NearestName
{
    /// <summary>
    /// The candidate within <paramref name="maxDistance"/> edits of <paramref name="name"/> (case-insensitive; an
    /// insertion, deletion, substitution or swap of two neighbours is one edit), the closest first, ties to the
    /// earliest; null when none is that close or the name is itself a candidate.
    /// </summary>
    public static string? Find(string name, IEnumerable<string> candidates, int maxDistance = 2)
    {
        string? best = null;
        var bestDistance = maxDistance + 1;
        foreach (var candidate in candidates)
        {
            var distance = Distance(name, candidate);
            if (distance == 0) return null;
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions), ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
