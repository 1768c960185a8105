namespace MicroWeb.Configuration;

/// <summary>
/// A configuration value or key MicroWeb cannot use. The message names the key and, once Hosting has looked it
/// up (<see cref="ConfigurationSource"/>), the configuration source that supplied it: <c>Invalid configuration value 'abc' for
/// 'Server:Port' (from appsettings.json): expected a whole number from 0 to 65535.</c>
/// </summary>
/// <remarks>
/// An <see cref="InvalidOperationException"/>, as these errors always were. The source is added to the exception in
/// flight (by an exception filter at the Hosting boundary), so it keeps its type and its stack trace.
/// </remarks>
internal sealed class ConfigurationValueException : InvalidOperationException
{
    private readonly string _head;
    private readonly string _tail;

    /// <param name="key">The key's full name (<c>Server:Port</c>).</param>
    /// <param name="head">The message up to where the source goes (<c>Invalid configuration value 'abc' for 'Server:Port'</c>).</param>
    /// <param name="tail">The rest, from its punctuation on (<c>: expected …</c>).</param>
    public ConfigurationValueException(string key, string head, string tail)
    {
        Key = key;
        _head = head;
        _tail = tail;
    }

    /// <summary>The full name of the key at fault.</summary>
    public string Key { get; }

    /// <summary>Where the value came from (<c>appsettings.json</c>, <c>MICROWEB_Server__Port</c>, <c>--port</c>), when known.</summary>
    public string? ConfigurationSource { get; private set; }

    public override string Message => ConfigurationSource is null ? _head + _tail : $"{_head} (from {ConfigurationSource}){_tail}";

    /// <summary>Records the source once; returns false, so it can be called from an exception filter that lets the exception pass.</summary>
    public bool NameSource(string? source)
    {
        ConfigurationSource ??= source;
        return false;
    }
}
