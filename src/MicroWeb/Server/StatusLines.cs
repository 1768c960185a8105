using System.Collections.Frozen;
using System.Text;

namespace MicroWeb;

/// <summary>Precomputed <c>HTTP/1.1 NNN Reason\r\n</c> lines, so writing a status line is one copy.</summary>
internal static class StatusLines
{
    private static readonly FrozenDictionary<int, byte[]> s_lines = new Dictionary<int, string>
    {
        [100] = "Continue", [101] = "Switching Protocols",
        [200] = "OK", [201] = "Created", [202] = "Accepted", [203] = "Non-Authoritative Information",
        [204] = "No Content", [205] = "Reset Content", [206] = "Partial Content",
        [300] = "Multiple Choices", [301] = "Moved Permanently", [302] = "Found", [303] = "See Other",
        [304] = "Not Modified", [307] = "Temporary Redirect", [308] = "Permanent Redirect",
        [400] = "Bad Request", [401] = "Unauthorized", [402] = "Payment Required", [403] = "Forbidden",
        [404] = "Not Found", [405] = "Method Not Allowed", [406] = "Not Acceptable", [408] = "Request Timeout",
        [409] = "Conflict", [410] = "Gone", [411] = "Length Required", [412] = "Precondition Failed",
        [413] = "Content Too Large", [414] = "URI Too Long", [415] = "Unsupported Media Type",
        [416] = "Range Not Satisfiable", [417] = "Expectation Failed", [421] = "Misdirected Request",
        [422] = "Unprocessable Content", [425] = "Too Early", [426] = "Upgrade Required",
        [428] = "Precondition Required", [429] = "Too Many Requests", [431] = "Request Header Fields Too Large",
        [451] = "Unavailable For Legal Reasons",
        [500] = "Internal Server Error", [501] = "Not Implemented", [502] = "Bad Gateway",
        [503] = "Service Unavailable", [504] = "Gateway Timeout", [505] = "HTTP Version Not Supported",
    }.ToFrozenDictionary(pair => pair.Key, pair => Encoding.ASCII.GetBytes($"HTTP/1.1 {pair.Key} {pair.Value}\r\n"));

    /// <summary>The status line for <paramref name="statusCode"/>; codes without a registered reason get an empty one (allowed by RFC 9112 §4).</summary>
    public static byte[] Get(int statusCode) =>
        s_lines.TryGetValue(statusCode, out var line) ? line : Encoding.ASCII.GetBytes($"HTTP/1.1 {statusCode} \r\n");

    /// <summary>The reason phrase for <paramref name="statusCode"/>, or empty.</summary>
    public static string ReasonPhrase(int statusCode) =>
        s_lines.TryGetValue(statusCode, out var line) ? Encoding.ASCII.GetString(line.AsSpan(13, line.Length - 15)) : "";
}
