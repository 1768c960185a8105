using System.Buffers;
using System.Text;
using MicroWeb.Http.Parsing;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Http.Parsing;

/// <summary>
/// The parser scans a head that sits in one segment as a span and any other as a sequence; both must give the same
/// status, reason and end of head, for accepted and refused heads alike, including the limits.
/// </summary>
public class SingleSpanScanTests
{
    private static readonly HeadLimits s_small = new(MaxRequestLineSize: 40, MaxRequestHeadersTotalSize: 64, MaxRequestHeaderCount: 3);

    private static readonly string[] s_heads =
    [
        "GET /plaintext HTTP/1.1\r\nHost: localhost:8080\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n",
        "\r\n\r\nGET /after-empty-lines HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /second HTTP/1.1\r\nHost: h\r\n\r\n",
        "POST /upload HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
        "GET / HTTP/1.1\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\n\r\n",
        "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003",
        "\rGET / HTTP/1.1\r\nHost: h\r\n\r\n",
        "GETTINGMUCHTOOLONGFORANYMETHODNAME / HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET /a-request-line-longer-than-forty-bytes HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-Long: 0123456789012345678901234567890123456789012345678901234567890123\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX-Partial: still arriving",
        "GET /no-line-end-yet",
    ];

    private static IEnumerable<TestCaseData> Heads() =>
        s_heads.Select((text, i) => new TestCaseData(text).SetName($"Head_{i}_parses_the_same_as_one_span_and_as_segments"));

    [TestCaseSource(nameof(Heads))]
    public void Head_parses_the_same_as_one_span_and_as_segments(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var whole = Parse(new ReadOnlySequence<byte>(bytes));

        // Every two-segment split, and every byte in its own segment: the sequence scan from a fresh parser.
        for (var split = 1; split < bytes.Length; split++)
            Assert.That(Parse(ParserHarness.Segmented(bytes[..split], bytes[split..])), Is.EqualTo(whole), $"split at {split}");
        Assert.That(Parse(ParserHarness.Segmented(bytes.Select(b => new[] { b }).ToArray())), Is.EqualTo(whole), "one byte per segment");

        // Incremental: a one-span prefix first (span scan), then the rest in a second segment (sequence scan).
        for (var split = 1; split < bytes.Length; split++)
        {
            var parser = new HttpRequestParser(s_small);
            var request = ParserHarness.NewRequest();
            var prefix = new ReadOnlySequence<byte>(bytes, 0, split);
            var first = parser.TryParse(prefix, request, out var firstConsumed, out var firstReason);
            if (first != ParseStatus.NeedMoreData)
            {
                // Refused or complete already: the prefix held all that decides it.
                Assert.That((first, firstReason, prefix.Slice(0, firstConsumed).Length), Is.EqualTo(whole), $"prefix of {split} bytes");
                continue;
            }
            var segmented = ParserHarness.Segmented(bytes[..split], bytes[split..]);
            var status = parser.TryParse(segmented, request, out var consumed, out var reason);
            Assert.That((status, reason, segmented.Slice(0, consumed).Length), Is.EqualTo(whole), $"prefix of {split} bytes, then the rest");
        }
    }

    [Test]
    public void The_heads_cover_acceptance_and_every_scan_rejection()
    {
        var reasons = s_heads.Select(text => Parse(new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text)))).ToList();
        Assert.That(reasons.Select(r => r.Status), Does.Contain(ParseStatus.Complete).And.Contain(ParseStatus.NeedMoreData));
        Assert.That(reasons.Select(r => r.Reason), Is.SupersetOf(new[]
        {
            RequestRejectionReason.TlsHandshakeOnPlainHttp, RequestRejectionReason.InvalidRequestLine,
            RequestRejectionReason.MethodTooLong, RequestRejectionReason.RequestLineTooLong,
            RequestRejectionReason.TooManyHeaders, RequestRejectionReason.HeadersTooLarge,
        }));
    }

    private static (ParseStatus Status, RequestRejectionReason Reason, long Consumed) Parse(ReadOnlySequence<byte> buffer)
    {
        var parser = new HttpRequestParser(s_small);
        var status = parser.TryParse(buffer, ParserHarness.NewRequest(), out var consumed, out var reason);
        return (status, reason, buffer.Slice(0, consumed).Length);
    }
}
