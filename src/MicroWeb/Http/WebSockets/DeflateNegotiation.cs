using System.Net.WebSockets;
using System.Text;

namespace MicroWeb.Http.WebSockets;

/// <summary>
/// The server's half of <c>permessage-deflate</c> (RFC 7692 §7.1): picks the first offer it can accept from
/// <c>Sec-WebSocket-Extensions</c> and builds both the BCL's options and the response's parameters. The framing and
/// compression themselves are the BCL's.
/// </summary>
internal static class DeflateNegotiation
{
    private const int MinWindowBits = 9;  // zlib's raw deflate, and so the BCL, cannot use 8 (RFC 7692 §7.1.2.1 allows it)
    private const int MaxWindowBits = 15;

    /// <summary>The options for the accepted offer, or null when the client offered none the server can accept.</summary>
    public static WebSocketDeflateOptions? Negotiate(HttpRequest request, bool disableServerContextTakeover, out string response)
    {
        response = "";
        if (!request.Headers.TryGetValue("Sec-WebSocket-Extensions", out var values)) return null;
        foreach (var value in values)
        {
            if (value is null) continue;
            // Offers are comma-separated, in the client's order of preference (§5); parameters never contain commas.
            foreach (var offer in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var options = TryAccept(offer, disableServerContextTakeover, out response);
                if (options is not null) return options;
            }
        }
        return null;
    }

    private static WebSocketDeflateOptions? TryAccept(string offer, bool disableServerContextTakeover, out string response)
    {
        response = "";
        var parts = offer.Split(';', StringSplitOptions.TrimEntries);
        if (!string.Equals(parts[0], "permessage-deflate", StringComparison.OrdinalIgnoreCase)) return null;
        var options = new WebSocketDeflateOptions { ServerContextTakeover = !disableServerContextTakeover };
        var answer = new StringBuilder("permessage-deflate");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < parts.Length; i++)
        {
            var separator = parts[i].IndexOf('=');
            var name = (separator < 0 ? parts[i] : parts[i][..separator]).Trim();
            var argument = separator < 0 ? null : parts[i][(separator + 1)..].Trim().Trim('"');
            // §7: a repeated parameter, or one the server does not know, declines the offer.
            if (!seen.Add(name)) return null;
            switch (name.ToLowerInvariant())
            {
                case "server_no_context_takeover":
                    if (argument is not null) return null;
                    options.ServerContextTakeover = false;
                    break;
                case "client_no_context_takeover":
                    if (argument is not null) return null;
                    // §7.1.1.2: the server may accept it; doing so costs nothing here.
                    options.ClientContextTakeover = false;
                    answer.Append("; client_no_context_takeover");
                    break;
                case "server_max_window_bits":
                    // §7.1.2.1: the server must use at most this many bits and say so.
                    if (!TryParseBits(argument, out var serverBits)) return null;
                    options.ServerMaxWindowBits = serverBits;
                    answer.Append("; server_max_window_bits=").Append(serverBits);
                    break;
                case "client_max_window_bits":
                    // §7.1.2.2: with no value the client merely supports the parameter; the server may then limit it.
                    var clientBits = MaxWindowBits;
                    if (argument is not null && !TryParseBits(argument, out clientBits)) return null;
                    options.ClientMaxWindowBits = clientBits;
                    answer.Append("; client_max_window_bits=").Append(clientBits);
                    break;
                default:
                    return null;
            }
        }
        if (!options.ServerContextTakeover) answer.Append("; server_no_context_takeover");
        response = answer.ToString();
        return options;
    }

    private static bool TryParseBits(string? value, out int bits) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bits)
        && bits is >= MinWindowBits and <= MaxWindowBits;
}
