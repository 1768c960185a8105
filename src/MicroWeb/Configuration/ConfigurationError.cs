namespace MicroWeb.Configuration;

/// <summary>
/// The errors for a configuration value or key MicroWeb cannot use: a plain <see cref="InvalidOperationException"/>
/// (the type these errors always had, which apps and tests catch exactly) that carries the key in
/// <see cref="Exception.Data"/>, so that Hosting, which knows the configuration, can add the source that supplied
/// it: <c>Invalid configuration value 'abc' for 'Server:Port' (from appsettings.json): expected a whole number from 0 to 65535.</c>
/// </summary>
internal static class ConfigurationError
{
    private const string KeyEntry = "MicroWeb.ConfigurationKey";
    private const string HeadEntry = "MicroWeb.ConfigurationMessageHead";
    private const string TailEntry = "MicroWeb.ConfigurationMessageTail";

    /// <param name="key">The key's full name (<c>Server:Port</c>).</param>
    /// <param name="head">The message up to where the source goes (<c>Invalid configuration value 'abc' for 'Server:Port'</c>).</param>
    /// <param name="tail">The rest, from its punctuation on (<c>: expected …</c>).</param>
    public static InvalidOperationException Create(string key, string head, string tail)
    {
        var error = new InvalidOperationException(head + tail);
        error.Data[KeyEntry] = key;
        error.Data[HeadEntry] = head;
        error.Data[TailEntry] = tail;
        return error;
    }

    /// <summary>The key of a configuration error whose source is not named yet; false for any other exception.</summary>
    public static bool TryGetUnnamedKey(Exception exception, out string key)
    {
        key = exception.Data[KeyEntry] as string ?? "";
        return key.Length > 0 && exception.Data[HeadEntry] is string;
    }

    /// <summary>The message with <c>(from source)</c> after the key.</summary>
    public static string MessageWithSource(Exception error, string source) =>
        $"{error.Data[HeadEntry]} (from {source}){error.Data[TailEntry]}";

    /// <summary>
    /// The same error with its source named: a new <see cref="InvalidOperationException"/> whose inner exception is
    /// <paramref name="error"/> (so its stack trace is kept); it still carries the key.
    /// </summary>
    public static InvalidOperationException WithSource(Exception error, string source)
    {
        var named = new InvalidOperationException(MessageWithSource(error, source), error);
        named.Data[KeyEntry] = error.Data[KeyEntry];
        return named;
    }
}
