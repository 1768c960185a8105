using System.Text;

namespace MicroWeb.Http.Parsing;

/// <summary>
/// The request header names browsers and tools commonly send, so parsing them yields an interned string
/// instead of a new one per request.
/// </summary>
internal static class KnownHeaders
{
    public const string Host = "Host";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string TransferEncoding = "Transfer-Encoding";
    public const string Connection = "Connection";
    public const string Expect = "Expect";
    public const string Cookie = "Cookie";
    public const string SetCookie = "Set-Cookie";

    private static readonly string[] s_names =
    [
        Host, ContentLength, ContentType, TransferEncoding, Connection, Expect, Cookie,
        "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control",
        "Content-Encoding", "Content-Language", "Date", "DNT", "Forwarded", "From", "If-Match",
        "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since", "Keep-Alive", "Max-Forwards",
        "Origin", "Pragma", "Priority", "Proxy-Authorization", "Range", "Referer", "Sec-CH-UA", "Sec-CH-UA-Mobile",
        "Sec-CH-UA-Platform", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "TE", "Trailer",
        "Upgrade", "Upgrade-Insecure-Requests", "User-Agent", "Via", "X-Forwarded-For", "X-Forwarded-Host",
        "X-Forwarded-Proto", "X-Requested-With",
    ];

    // Indexed by name length: the few names of that length, with their ASCII bytes for comparison.
    private static readonly (byte[] Bytes, string Name)[][] s_byLength = BuildTable();

    private static (byte[], string)[][] BuildTable()
    {
        var maxLength = 0;
        foreach (var name in s_names) maxLength = Math.Max(maxLength, name.Length);
        var table = new (byte[], string)[maxLength + 1][];
        for (var length = 0; length <= maxLength; length++)
        {
            var bucket = new List<(byte[], string)>();
            foreach (var name in s_names)
                if (name.Length == length) bucket.Add((Encoding.ASCII.GetBytes(name), name));
            table[length] = [.. bucket];
        }
        return table;
    }

    /// <summary>Finds the interned name for a header name token, compared ASCII case-insensitively.</summary>
    public static string? Find(ReadOnlySpan<byte> name)
    {
        if (name.Length >= s_byLength.Length) return null;
        foreach (var (bytes, known) in s_byLength[name.Length])
            if (System.Text.Ascii.EqualsIgnoreCase(name, bytes)) return known;
        return null;
    }
}
