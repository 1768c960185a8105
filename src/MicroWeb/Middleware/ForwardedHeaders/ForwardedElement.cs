namespace MicroWeb.Middleware.ForwardedHeaders;

/// <summary>One RFC 7239 forwarded-element, as one proxy wrote it: its <c>for</c>, <c>proto</c> and <c>host</c> values, unquoted (null when absent).</summary>
internal readonly record struct ForwardedElement(string? For, string? Proto, string? Host);
