using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.FileProviders;

namespace MicroWeb.Configuration;

/// <summary>
/// Names the configuration source that supplied a key, for error messages: the JSON file (relative to the content
/// root), the environment variable, the command-line switch, or "in-memory configuration".
/// </summary>
internal static class ConfigurationSourceName
{
    /// <param name="root">The configuration; its providers are searched from the last (the one that wins) to the first.</param>
    /// <param name="key">A key's or a section's full name (<c>Server:Port</c>, <c>Sever</c>).</param>
    /// <param name="contentRoot">What JSON file paths are shown relative to.</param>
    /// <param name="args">The command line the command-line source was built from.</param>
    /// <param name="switchMappings">Its switch mappings (<c>--port</c> → <c>Server:Port</c>).</param>
    /// <param name="environmentPrefix">The prefix of the environment variables read (<c>MICROWEB_</c>).</param>
    /// <returns>The description, or null when no provider has the key.</returns>
    public static string? Find(IConfigurationRoot root, string key, string contentRoot, IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> switchMappings, string environmentPrefix)
    {
        var providers = root.Providers.ToList();
        for (var i = providers.Count - 1; i >= 0; i--)
        {
            var provider = providers[i];
            if (provider.TryGet(key, out _) || provider.GetChildKeys([], key).Any())
                return Describe(provider, key, contentRoot, args, switchMappings, environmentPrefix);
        }
        return null;
    }

    private static string Describe(IConfigurationProvider provider, string key, string contentRoot, IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> switchMappings, string environmentPrefix) => provider switch
        {
            FileConfigurationProvider file => FilePath(file.Source, contentRoot),
            EnvironmentVariablesConfigurationProvider => EnvironmentVariable(key, environmentPrefix) ?? "environment variables",
            CommandLineConfigurationProvider => Switch(key, args, switchMappings) ?? "the command line",
            MemoryConfigurationProvider => "in-memory configuration",
            _ => provider.ToString() ?? provider.GetType().Name,
        };

    private static string FilePath(FileConfigurationSource source, string contentRoot)
    {
        var path = source.Path ?? "a configuration file";
        if (source.FileProvider is not PhysicalFileProvider physical) return path;
        var relative = Path.GetRelativePath(contentRoot, Path.Combine(physical.Root, path));
        return relative.StartsWith("..", StringComparison.Ordinal) ? Path.Combine(physical.Root, path) : relative;
    }

    /// <summary>The variable as it is spelt in the environment (<c>MICROWEB_Server__Port</c>); <c>__</c> separates sections.</summary>
    private static string? EnvironmentVariable(string key, string prefix)
    {
        foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && Names(name[prefix.Length..].Replace("__", ":", StringComparison.Ordinal), key))
                return name;
        }
        return null;
    }

    /// <summary>The switch as it was written (<c>--port</c>, <c>--Server:Port</c>); the last one wins, as in the command-line source.</summary>
    private static string? Switch(string key, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> switchMappings)
    {
        for (var i = args.Count - 1; i >= 0; i--)
        {
            var arg = args[i];
            var prefix = arg.StartsWith("--", StringComparison.Ordinal) ? 2 : arg.StartsWith('-') || arg.StartsWith('/') ? 1 : 0;
            if (prefix == 0) continue;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var written = equals < 0 ? arg : arg[..equals];
            var name = switchMappings.TryGetValue(written, out var mapped) ? mapped : written[prefix..];
            if (Names(name, key)) return written;
        }
        return null;
    }

    /// <summary>Whether a configuration key is the key asked about, or a key inside that section.</summary>
    private static bool Names(string configured, string key) =>
        configured.Equals(key, StringComparison.OrdinalIgnoreCase)
        || (configured.Length > key.Length && configured[key.Length] == ':' && configured.StartsWith(key, StringComparison.OrdinalIgnoreCase));
}
