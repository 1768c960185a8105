using System.Collections.Frozen;
using System.Text;
using MicroWeb.Http;

namespace MicroWeb.Server;

/// <summary>Precomputed <c>HTTP/1.1 NNN Reason\r\n</c> lines, so writing a status line is one copy.</summary>
internal static class StatusLines
{
    private static readonly FrozenDictionary<int, byte[]> s_lines = ReasonPhrases.All
        .ToFrozenDictionary(pair => pair.Key, pair => Encoding.ASCII.GetBytes($"HTTP/1.1 {pair.Key} {pair.Value}\r\n"));

    /// <summary>The status line for <paramref name="statusCode"/>; codes without a registered reason get an empty one (allowed by RFC 9112 §4).</summary>
    public static byte[] Get(int statusCode) =>
        s_lines.TryGetValue(statusCode, out var line) ? line : Encoding.ASCII.GetBytes($"HTTP/1.1 {statusCode} \r\n");
}
