using System.Buffers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Fuzz;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Tests.Support;

/// <summary>Runs <see cref="HttpRequestParser"/> without a server.</summary>
internal static class ParserHarness
{
    public static HttpRequest NewRequest() =>
        new HttpContext(new ServiceCollection().BuildServiceProvider(), new NullResponseOutput()).Request;

    public static (ParseStatus Status, RequestRejectionReason Reason, HttpRequest Request, long Consumed) Parse(string text, ServerOptions? options = null) =>
        Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)), options);

    public static (ParseStatus Status, RequestRejectionReason Reason, HttpRequest Request, long Consumed) Parse(ReadOnlySequence<byte> buffer, ServerOptions? options = null)
    {
        var parser = new HttpRequestParser((options ?? new ServerOptions()).HeadLimits);
        var request = NewRequest();
        var status = parser.TryParse(buffer, request, out var consumed, out var reason);
        return (status, reason, request, buffer.Slice(0, consumed).Length);
    }

    /// <summary>A sequence made of the given pieces, each its own segment.</summary>
    public static ReadOnlySequence<byte> Segmented(params byte[][] pieces) =>
        Segments.Of([.. pieces.Select(piece => (ReadOnlyMemory<byte>)piece)]);
}
