using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace MicroWeb.Http.WebSockets;

/// <summary>The server's reading of an opening handshake (RFC 6455 §4.2.1) and its answer's fields (§4.2.2).</summary>
internal static class WebSocketHandshake
{
    // RFC 6455 §1.3: the GUID appended to the key before hashing.
    private const string KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary><c>Connection</c> lists <c>upgrade</c> and <c>Upgrade</c> lists <c>websocket</c> (tokens, ignoring case; RFC 9110 §7.6.1, §7.8).</summary>
    public static bool IsUpgradeRequest(HttpRequest request) =>
        request.Headers.TryGetValue("Upgrade", out var upgrade) && HasToken(upgrade, "websocket")
        && request.Headers.TryGetValue("Connection", out var connection) && HasToken(connection, "upgrade");

    /// <summary>Checks what §4.2.1 requires beyond the method and upgrade tokens; returns the key, or throws the RFC's answer.</summary>
    public static string Validate(HttpRequest request, WebSocketOptions options)
    {
        if (!IsUpgradeRequest(request) || !string.Equals(request.Method, HttpMethods.Get, StringComparison.Ordinal))
            throw Rejection("Not a WebSocket request: expected GET with Connection: Upgrade and Upgrade: websocket.", 400);
        // The bytes after the head are the WebSocket's: a body would be read as frames.
        if (request.HasBody) throw Rejection("A WebSocket handshake has no body.", 400);
        // §4.4: a version the server does not speak gets 426 and the versions it does.
        if (!request.Headers.TryGetValue("Sec-WebSocket-Version", out var version) || version.Count != 1 || version.ToString().Trim() != "13")
            throw new BadHttpRequestException("Unsupported WebSocket version: this server speaks Sec-WebSocket-Version 13.", 426) { ResponseHeader = ("Sec-WebSocket-Version", "13") };
        if (!request.Headers.TryGetValue("Sec-WebSocket-Key", out var keys) || keys.Count != 1 || !IsValidKey(keys.ToString().Trim()))
            throw Rejection("Missing or invalid Sec-WebSocket-Key: expected 16 bytes in base64.", 400);
        if (options.AllowedOrigins.Count > 0 && !IsAllowedOrigin(request, options.AllowedOrigins))
            throw Rejection("This origin may not open a WebSocket here.", 403);
        return keys.ToString().Trim();
    }

    /// <summary>§4.2.2: base64(SHA-1(key + GUID)).</summary>
    public static string AcceptValue(string key)
    {
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(Encoding.ASCII.GetBytes(key + KeyGuid), hash);
        return Convert.ToBase64String(hash);
    }

    /// <summary>The client's <c>Sec-WebSocket-Protocol</c> values, split on commas (the field may repeat).</summary>
    public static IReadOnlyList<string> RequestedProtocols(HttpRequest request)
    {
        if (!request.Headers.TryGetValue("Sec-WebSocket-Protocol", out var values)) return [];
        var protocols = new List<string>();
        foreach (var value in values)
        {
            if (value is null) continue;
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) protocols.Add(part);
        }
        return protocols;
    }

    /// <summary>The first of the server's protocols the client asked for (§4.2.2 item 5.4: the server picks one of the client's), or null.</summary>
    public static string? SelectProtocol(IList<string> supported, IReadOnlyList<string> requested)
    {
        foreach (var candidate in supported)
            foreach (var asked in requested)
                if (string.Equals(candidate, asked, StringComparison.Ordinal)) return candidate;
        return null;
    }

    public static BadHttpRequestException Rejection(string message, int status) =>
        status < 500 ? new BadHttpRequestException(message, status) : new BadHttpRequestException(message, status, RequestRejectionReason.Unspecified);

    /// <summary>§4.2.1 item 4: a base64 value that decodes to exactly 16 bytes.</summary>
    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
    }

    private static bool IsAllowedOrigin(HttpRequest request, IList<string> allowed)
    {
        // §10.2: browsers always send Origin; a client without one is not a page acting with the user's cookies (as in ASP.NET Core).
        if (!request.Headers.TryGetValue("Origin", out var origin)) return true;
        if (origin.Count != 1) return false;
        var value = origin.ToString();
        foreach (var candidate in allowed)
            if (string.Equals(candidate.TrimEnd('/'), value, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static bool HasToken(StringValues values, string token)
    {
        foreach (var value in values)
        {
            if (value is null) continue;
            foreach (var range in value.AsSpan().Split(','))
                if (value.AsSpan(range).Trim().Equals(token, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
