namespace MicroWeb.Middleware;

/// <summary>Path prefixes matched on whole segments, case-insensitively (for Map and static file mounts).</summary>
internal static class PathPrefix
{
    /// <summary>Validates a configured prefix and drops a trailing '/', so "/" becomes "" (matches everything).</summary>
    public static string Normalize(string prefix, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(prefix, parameterName);
        if (!prefix.StartsWith('/')) throw new ArgumentException($"The path prefix '{prefix}' must start with '/'.", parameterName);
        return prefix.TrimEnd('/');
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="prefix"/> or continues it with '/'.</summary>
    public static bool Matches(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (path.Length == prefix.Length || path[prefix.Length] == '/');
}
