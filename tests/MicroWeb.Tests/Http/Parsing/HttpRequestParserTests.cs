using System.Buffers;
using System.Text;
using MicroWeb.Http.Parsing;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Http.Parsing;

public class HttpRequestParserTests
{
    private static readonly string[] s_validRequests =
    [
        "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET /plaintext HTTP/1.1\r\nHost: localhost:8080\r\nAccept: text/plain,text/html;q=0.9\r\nConnection: keep-alive\r\n\r\n",
        "POST /messages?page=2&sort=new HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 11\r\n\r\n",
        "PUT /files/a%20b.txt HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nX-Custom-Header:   padded value  \r\n\r\n",
        "GET /old HTTP/1.0\r\nUser-Agent: curl/8\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
        "GET http://example.com/abs/path?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n",
        "\r\nGET /after-empty-line HTTP/1.1\r\nHost: h\r\nCookie: a=1; b=2\r\nCookie: c=3\r\n\r\n",
    ];

    private static IEnumerable<TestCaseData> ValidRequests() =>
        s_validRequests.Select((text, i) => new TestCaseData(text).SetName($"Valid_request_{i}_parses_identically_at_every_split"));

    [TestCaseSource(nameof(ValidRequests))]
    public void Valid_request_parses_identically_at_every_split(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var whole = ParserHarness.Parse(text);
        Assert.That(whole.Status, Is.EqualTo(ParseStatus.Complete));
        Assert.That(whole.Consumed, Is.EqualTo(bytes.Length));

        for (var split = 1; split < bytes.Length; split++)
        {
            // Incremental: the same parser sees a prefix, then the whole buffer (as a connection would).
            var parser = new HttpRequestParser(HeadLimits.Default);
            var request = ParserHarness.NewRequest();
            var partial = parser.TryParse(new ReadOnlySequence<byte>(bytes, 0, split), request, out _, out _);
            Assert.That(partial, Is.EqualTo(ParseStatus.NeedMoreData), $"prefix of {split} bytes");

            var segmented = ParserHarness.Segmented(bytes[..split], bytes[split..]);
            var status = parser.TryParse(segmented, request, out var consumed, out _);
            Assert.That(status, Is.EqualTo(ParseStatus.Complete), $"split at {split}");
            Assert.That(segmented.Slice(0, consumed).Length, Is.EqualTo(bytes.Length));
            AssertSameRequest(request, whole.Request, split);
        }
    }

    [Test]
    public void Request_arriving_one_byte_at_a_time_in_separate_segments_parses()
    {
        var text = s_validRequests[1];
        var bytes = Encoding.ASCII.GetBytes(text);
        var parser = new HttpRequestParser(HeadLimits.Default);
        var request = ParserHarness.NewRequest();
        for (var length = 1; length < bytes.Length; length++)
        {
            var pieces = bytes[..length].Select(b => new[] { b }).ToArray();
            Assert.That(parser.TryParse(ParserHarness.Segmented(pieces), request, out _, out _), Is.EqualTo(ParseStatus.NeedMoreData));
        }
        var all = ParserHarness.Segmented(bytes.Select(b => new[] { b }).ToArray());
        Assert.That(parser.TryParse(all, request, out _, out _), Is.EqualTo(ParseStatus.Complete));
        Assert.That(request.Path, Is.EqualTo("/plaintext"));
        Assert.That(request.Headers["Accept"].ToString(), Is.EqualTo("text/plain,text/html;q=0.9"));
    }

    [Test]
    public void Several_requests_in_one_buffer_parse_one_after_another()
    {
        var text = "GET /one HTTP/1.1\r\nHost: h\r\n\r\nGET /two HTTP/1.1\r\nHost: h\r\n\r\nGET /three HTTP/1.1\r\nHost: h\r\n\r\n";
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text));
        var parser = new HttpRequestParser(HeadLimits.Default);
        var request = ParserHarness.NewRequest();
        var paths = new List<string>();
        while (buffer.Length > 0)
        {
            Assert.That(parser.TryParse(buffer, request, out var consumed, out _), Is.EqualTo(ParseStatus.Complete));
            paths.Add(request.Path);
            buffer = buffer.Slice(consumed);
            parser.Reset();
        }
        Assert.That(paths, Is.EqualTo(new[] { "/one", "/two", "/three" }));
    }

    [Test]
    public void Request_line_and_headers_are_exposed()
    {
        var (status, _, request, _) = ParserHarness.Parse(s_validRequests[2]);
        Assert.That(status, Is.EqualTo(ParseStatus.Complete));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Method, Is.SameAs(HttpMethods.Post));
            Assert.That(request.Path, Is.EqualTo("/messages"));
            Assert.That(request.QueryString, Is.EqualTo("?page=2&sort=new"));
            Assert.That(request.RawTarget, Is.EqualTo("/messages?page=2&sort=new"));
            Assert.That(request.Protocol, Is.EqualTo("HTTP/1.1"));
            Assert.That(request.Host, Is.EqualTo("example.com"));
            Assert.That(request.ContentLength, Is.EqualTo(11));
            Assert.That(request.ContentType, Is.EqualTo("application/x-www-form-urlencoded"));
            Assert.That(request.Headers["content-type"].ToString(), Is.EqualTo("application/x-www-form-urlencoded"));
            Assert.That(request.KeepAliveRequested, Is.True);
        }
    }

    [Test]
    public void Header_values_are_trimmed_and_repeated_fields_are_multi_valued()
    {
        var (_, _, request, _) = ParserHarness.Parse(s_validRequests[3]);
        Assert.That(request.Headers["X-Custom-Header"].ToString(), Is.EqualTo("padded value"));
        Assert.That(request.IsChunked, Is.True);
        var cookies = ParserHarness.Parse(s_validRequests[7]).Request.Headers["Cookie"];
        Assert.That(cookies.ToArray(), Is.EqualTo(new[] { "a=1; b=2", "c=3" }));
    }

    [Test]
    public void Absolute_form_target_routes_by_its_path()
    {
        var (_, _, request, _) = ParserHarness.Parse(s_validRequests[6]);
        Assert.That(request.Path, Is.EqualTo("/abs/path"));
        Assert.That(request.QueryString, Is.EqualTo("?q=1"));
    }

    [Test]
    public void Http10_closes_unless_keep_alive_is_asked()
    {
        Assert.That(ParserHarness.Parse("GET / HTTP/1.0\r\n\r\n").Request.KeepAliveRequested, Is.False);
        Assert.That(ParserHarness.Parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").Request.KeepAliveRequested, Is.True);
        Assert.That(ParserHarness.Parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").Request.KeepAliveRequested, Is.False);
        Assert.That(ParserHarness.Parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n\r\n").Request.KeepAliveRequested, Is.False);
    }

    [TestCase("/a%20b", "/a b")]
    [TestCase("/caf%C3%A9", "/café")]
    [TestCase("/a%2Fb", "/a%2Fb")]
    [TestCase("/a%2fb/c", "/a%2Fb/c")]
    [TestCase("/a/./b/../c", "/a/c")]
    [TestCase("/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd")]
    [TestCase("/../..", "/")]
    [TestCase("/a/b/..", "/a/")]
    public void Path_is_percent_decoded_and_normalised(string target, string expected)
    {
        var (status, _, request, _) = ParserHarness.Parse($"GET {target} HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.That(status, Is.EqualTo(ParseStatus.Complete));
        Assert.That(request.Path, Is.EqualTo(expected));
        Assert.That(request.RawTarget, Is.EqualTo(target));
    }

    [TestCase("GET /a%zz HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Invalid_percent_escape_is_400")]
    [TestCase("GET /a%00b HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Encoded_NUL_is_400")]
    [TestCase("GET /a%C3 HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Invalid_UTF8_in_path_is_400")]
    [TestCase("GET /a\x01b HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Control_character_in_target_is_400")]
    [TestCase("GET * HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Asterisk_form_without_OPTIONS_is_400")]
    [TestCase("GET example.com:80 HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Authority_form_is_400")]
    [TestCase("GET / HTTP/2.0\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.UnsupportedHttpVersion), 505, TestName = "HTTP_2_version_in_request_line_is_505")]
    [TestCase("GET / HTTP/1.2\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.UnsupportedHttpVersion), 505, TestName = "HTTP_1_2_is_505")]
    [TestCase("GET / HTTX/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestLine), 400, TestName = "Garbage_version_is_400")]
    [TestCase("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestLine), 400, TestName = "Double_space_in_request_line_is_400")]
    [TestCase("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestLine), 400, TestName = "Method_that_is_not_a_token_is_400")]
    [TestCase("GET /\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestLine), 400, TestName = "Request_line_without_version_is_400")]
    [TestCase("GET / HTTP/1.1\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestLine), 400, TestName = "Bare_LF_after_request_line_is_400")]
    [TestCase("GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n", nameof(RequestRejectionReason.InvalidHeaderLine), 400, TestName = "Bare_LF_after_header_is_400")]
    [TestCase("GET / HTTP/1.1\r\nHost : h\r\n\r\n", nameof(RequestRejectionReason.WhitespaceBeforeColon), 400, TestName = "Whitespace_before_colon_is_400")]
    [TestCase("GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n two\r\n\r\n", nameof(RequestRejectionReason.ObsoleteLineFolding), 400, TestName = "Obs_fold_is_400")]
    [TestCase("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\x01b\r\n\r\n", nameof(RequestRejectionReason.InvalidHeaderLine), 400, TestName = "Control_character_in_header_value_is_400")]
    [TestCase("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", nameof(RequestRejectionReason.InvalidHeaderLine), 400, TestName = "Bare_CR_in_header_value_is_400")]
    [TestCase("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", nameof(RequestRejectionReason.InvalidHeaderLine), 400, TestName = "Header_without_colon_is_400")]
    [TestCase("GET / HTTP/1.1\r\nHost: h\r\n: empty-name\r\n\r\n", nameof(RequestRejectionReason.InvalidHeaderLine), 400, TestName = "Empty_header_name_is_400")]
    [TestCase("GET / HTTP/1.1\r\nX: y\r\n\r\n", nameof(RequestRejectionReason.MissingHost), 400, TestName = "HTTP_1_1_without_Host_is_400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", nameof(RequestRejectionReason.MultipleHost), 400, TestName = "Two_Host_fields_are_400")]
    [TestCase("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", nameof(RequestRejectionReason.InvalidHost), 400, TestName = "Host_with_space_is_400")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n", nameof(RequestRejectionReason.InvalidContentLength), 400, TestName = "Non_digit_Content_Length_is_400")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", nameof(RequestRejectionReason.InvalidContentLength), 400, TestName = "Negative_Content_Length_is_400")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\n", nameof(RequestRejectionReason.InvalidContentLength), 400, TestName = "Signed_Content_Length_is_400")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", nameof(RequestRejectionReason.InvalidContentLength), 400, TestName = "Overflowing_Content_Length_is_400")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", nameof(RequestRejectionReason.ConflictingContentLength), 400, TestName = "Differing_Content_Lengths_are_400")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 6\r\n\r\n", nameof(RequestRejectionReason.InvalidContentLength), 400, TestName = "Differing_Content_Length_list_is_400")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", nameof(RequestRejectionReason.ContentLengthWithTransferEncoding), 400, TestName = "Content_Length_with_Transfer_Encoding_is_400")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", nameof(RequestRejectionReason.UnsupportedTransferCoding), 501, TestName = "Gzip_transfer_coding_is_501")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, identity\r\n\r\n", nameof(RequestRejectionReason.TransferEncodingNotChunkedLast), 400, TestName = "Chunked_not_last_is_400")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n", nameof(RequestRejectionReason.TransferEncodingNotChunkedLast), 400, TestName = "Unknown_transfer_coding_alone_is_400")]
    [TestCase("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", nameof(RequestRejectionReason.TransferEncodingInHttp10), 400, TestName = "Transfer_Encoding_in_HTTP_1_0_is_400")]
    [TestCase("POST / HTTP/1.1\r\nHost: h\r\nExpect: something-else\r\n\r\n", nameof(RequestRejectionReason.UnsupportedExpectation), 417, TestName = "Unknown_expectation_is_417")]
    [TestCase("GET /a%0d%0aSet-Cookie:x HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Encoded_CRLF_in_path_is_400")]
    [TestCase("GET /a%0Ab HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Encoded_LF_in_path_is_400")]
    [TestCase("GET /a%1fb HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Encoded_C0_control_in_path_is_400")]
    [TestCase("GET /a%7Fb HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Encoded_DEL_in_path_is_400")]
    [TestCase("GET /page#top HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.FragmentInRequestTarget), 400, TestName = "Fragment_in_target_is_400")]
    [TestCase("GET /page?q=1#top HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.FragmentInRequestTarget), 400, TestName = "Fragment_after_query_is_400")]
    [TestCase("POST * HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Asterisk_form_with_POST_is_400")]
    [TestCase("HEAD * HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Asterisk_form_with_HEAD_is_400")]
    [TestCase("GET http://user@example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Userinfo_in_absolute_form_is_400")]
    [TestCase("GET http://example.com:abc/ HTTP/1.1\r\nHost: example.com\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Bad_port_in_absolute_form_is_400")]
    [TestCase("GET http://:80/ HTTP/1.1\r\nHost: example.com\r\n\r\n", nameof(RequestRejectionReason.InvalidRequestTarget), 400, TestName = "Empty_host_in_absolute_form_is_400")]
    [TestCase("GET http://example.com/ HTTP/1.1\r\nHost: user@x\r\n\r\n", nameof(RequestRejectionReason.InvalidHost), 400, TestName = "Invalid_Host_is_400_even_with_absolute_form")]
    [TestCase("GET / HTTP/1.1\r\nHost:\r\n\r\n", nameof(RequestRejectionReason.InvalidHost), 400, TestName = "Empty_Host_with_origin_form_is_400")]
    [TestCase("OPTIONS * HTTP/1.1\r\nHost: \r\n\r\n", nameof(RequestRejectionReason.InvalidHost), 400, TestName = "Empty_Host_with_asterisk_form_is_400")]
    [TestCase("GETGETGETGETGETGETGETGETGETGETGET / HTTP/1.1\r\nHost: h\r\n\r\n", nameof(RequestRejectionReason.MethodTooLong), 400, TestName = "Method_over_32_bytes_is_400")]
    public void Malformed_request_is_rejected_with_its_status(string text, string expected, int status)
    {
        var result = ParserHarness.Parse(text);
        Assert.That(result.Status, Is.EqualTo(ParseStatus.Rejected));
        Assert.That(result.Reason.ToString(), Is.EqualTo(expected));
        Assert.That(RequestRejection.StatusCode(result.Reason), Is.EqualTo(status));
    }

    [Test]
    public void Request_line_over_the_limit_is_414_even_before_it_ends()
    {
        var options = new ServerOptions { MaxRequestLineSize = 100 };
        var longLine = "GET /" + new string('a', 200);
        var result = ParserHarness.Parse(longLine, options);
        Assert.That(result.Status, Is.EqualTo(ParseStatus.Rejected));
        Assert.That(RequestRejection.StatusCode(result.Reason), Is.EqualTo(414));
        Assert.That(ParserHarness.Parse(longLine + " HTTP/1.1\r\nHost: h\r\n\r\n", options).Reason, Is.EqualTo(RequestRejectionReason.RequestLineTooLong));
    }

    [Test]
    public void A_request_line_at_the_limit_is_accepted_however_its_CR_and_LF_arrive()
    {
        var options = new ServerOptions { MaxRequestLineSize = 100 };
        var line = "GET /" + new string('a', 100 - "GET / HTTP/1.1".Length) + " HTTP/1.1";
        Assert.That(line, Has.Length.EqualTo(100));
        var bytes = Encoding.ASCII.GetBytes(line + "\r\nHost: h\r\n\r\n");
        var parser = new HttpRequestParser(options.HeadLimits);
        var request = ParserHarness.NewRequest();
        // Up to the CR, then the rest: the line must not count as too long while its LF is on the way.
        Assert.That(parser.TryParse(new ReadOnlySequence<byte>(bytes, 0, line.Length + 1), request, out _, out _), Is.EqualTo(ParseStatus.NeedMoreData));
        Assert.That(parser.TryParse(new ReadOnlySequence<byte>(bytes), request, out _, out _), Is.EqualTo(ParseStatus.Complete));
        Assert.That(ParserHarness.Parse("GET /a" + line[5..] + "\r\nHost: h\r\n\r\n", options).Reason, Is.EqualTo(RequestRejectionReason.RequestLineTooLong), "one byte more is too long");
    }

    [Test]
    public void Headers_over_the_size_limit_are_431()
    {
        var options = new ServerOptions { MaxRequestHeadersTotalSize = 200 };
        var text = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + new string('a', 300) + "\r\n\r\n";
        Assert.That(ParserHarness.Parse(text, options).Reason, Is.EqualTo(RequestRejectionReason.HeadersTooLarge));
        // Also while the headers are still arriving.
        Assert.That(ParserHarness.Parse(text[..250], options).Reason, Is.EqualTo(RequestRejectionReason.HeadersTooLarge));
    }

    [Test]
    public void More_header_fields_than_the_limit_are_431()
    {
        var options = new ServerOptions { MaxRequestHeaderCount = 5 };
        var fields = string.Concat(Enumerable.Range(0, 5).Select(i => $"X-{i}: {i}\r\n"));
        Assert.That(ParserHarness.Parse("GET / HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n", options).Reason, Is.EqualTo(RequestRejectionReason.TooManyHeaders));
        var four = string.Concat(Enumerable.Range(0, 4).Select(i => $"X-{i}: {i}\r\n"));
        Assert.That(ParserHarness.Parse("GET / HTTP/1.1\r\nHost: h\r\n" + four + "\r\n", options).Status, Is.EqualTo(ParseStatus.Complete));
    }

    [Test]
    public void Identical_repeated_Content_Length_is_accepted()
    {
        var result = ParserHarness.Parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n");
        Assert.That(result.Status, Is.EqualTo(ParseStatus.Complete));
        Assert.That(result.Request.ContentLength, Is.EqualTo(5));
    }

    [Test]
    public void Repeated_request_on_a_connection_reuses_header_and_path_strings()
    {
        var bytes = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(s_validRequests[1]));
        var parser = new HttpRequestParser(HeadLimits.Default);
        var request = ParserHarness.NewRequest();
        parser.TryParse(bytes, request, out _, out _);
        var firstPath = request.Path;
        var firstHost = request.Host;
        parser.Reset();
        parser.TryParse(bytes, request, out _, out _);
        Assert.That(request.Path, Is.SameAs(firstPath));
        Assert.That(request.Host, Is.SameAs(firstHost));
    }

    [Test]
    public void Repeated_target_with_a_query_reuses_the_query_string()
    {
        var bytes = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("GET /search?q=1 HTTP/1.1\r\nHost: h\r\n\r\n"));
        var parser = new HttpRequestParser(HeadLimits.Default);
        var request = ParserHarness.NewRequest();
        parser.TryParse(bytes, request, out _, out _);
        var firstQuery = request.QueryString;
        parser.Reset();
        parser.TryParse(bytes, request, out _, out _);
        Assert.That(request.QueryString, Is.EqualTo("?q=1"));
        Assert.That(request.QueryString, Is.SameAs(firstQuery));
    }

    private static void AssertSameRequest(HttpRequest actual, HttpRequest expected, int split)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual.Method, Is.EqualTo(expected.Method), $"split {split}");
            Assert.That(actual.RawTarget, Is.EqualTo(expected.RawTarget), $"split {split}");
            Assert.That(actual.Path, Is.EqualTo(expected.Path), $"split {split}");
            Assert.That(actual.QueryString, Is.EqualTo(expected.QueryString), $"split {split}");
            Assert.That(actual.Protocol, Is.EqualTo(expected.Protocol), $"split {split}");
            Assert.That(actual.ContentLength, Is.EqualTo(expected.ContentLength), $"split {split}");
            Assert.That(actual.IsChunked, Is.EqualTo(expected.IsChunked), $"split {split}");
            Assert.That(actual.Headers.Select(h => $"{h.Key}={h.Value}"), Is.EqualTo(expected.Headers.Select(h => $"{h.Key}={h.Value}")), $"split {split}");
        }
    }

    [TestCase("localhost")]
    [TestCase("localhost:5000")]
    [TestCase("example.com")]
    [TestCase("example.com:")]
    [TestCase("127.0.0.1:8080")]
    [TestCase("[::1]")]
    [TestCase("[::1]:443")]
    [TestCase("[2001:db8::ffff:192.0.2.1]:80")]
    [TestCase("[v1.fe80::a+en1]")]
    [TestCase("caf%C3%A9.example")]
    [TestCase("a-b_c~d!$&'()*+,;=.example")]
    [TestCase("h:65535")]
    public void Valid_Host_is_accepted_as_is(string host)
    {
        var (status, _, request, _) = ParserHarness.Parse($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        Assert.That(status, Is.EqualTo(ParseStatus.Complete));
        Assert.That(request.Host, Is.EqualTo(host));
    }

    [TestCase("user@host", TestName = "Host_with_userinfo_is_400")]
    [TestCase("localhost:abc", TestName = "Host_with_non_digit_port_is_400")]
    [TestCase("a:1:2", TestName = "Host_with_two_ports_is_400")]
    [TestCase("h:65536", TestName = "Host_with_port_over_65535_is_400")]
    [TestCase("h:0000080", TestName = "Host_with_over_long_port_is_400")]
    [TestCase("[::1", TestName = "Host_with_unbalanced_bracket_is_400")]
    [TestCase("::1]", TestName = "Host_with_unopened_bracket_is_400")]
    [TestCase("[::1]x", TestName = "Host_with_garbage_after_IP_literal_is_400")]
    [TestCase("[::1]:x", TestName = "Host_with_bad_port_after_IP_literal_is_400")]
    [TestCase("[1.2.3.4]", TestName = "Host_with_IPv4_in_brackets_is_400")]
    [TestCase("[::zz]", TestName = "Host_with_invalid_IPv6_is_400")]
    [TestCase("[fe80::1%eth0]", TestName = "Host_with_zone_id_is_400")]
    [TestCase("[]", TestName = "Host_with_empty_IP_literal_is_400")]
    [TestCase("[v.x]", TestName = "Host_with_IPvFuture_without_version_is_400")]
    [TestCase("%zz", TestName = "Host_with_invalid_escape_is_400")]
    [TestCase("a%4", TestName = "Host_with_truncated_escape_is_400")]
    [TestCase(":80", TestName = "Host_with_empty_name_is_400")]
    [TestCase("a/b", TestName = "Host_with_slash_is_400")]
    [TestCase("a\"b", TestName = "Host_with_quote_is_400")]
    [TestCase("caf\u00e9", TestName = "Host_with_raw_non_ASCII_is_400")]
    public void Invalid_Host_is_rejected(string host)
    {
        var result = ParserHarness.Parse($"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n");
        Assert.That(result.Status, Is.EqualTo(ParseStatus.Rejected));
        Assert.That(result.Reason, Is.EqualTo(RequestRejectionReason.InvalidHost));
    }

    [Test]
    public void Absolute_form_authority_becomes_the_Host_and_the_Host_field_is_ignored()
    {
        var (status, _, request, _) = ParserHarness.Parse("GET http://example.com:8080/abs?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n");
        Assert.That(status, Is.EqualTo(ParseStatus.Complete));
        Assert.That(request.Host, Is.EqualTo("example.com:8080"));
        Assert.That(request.Path, Is.EqualTo("/abs"));
        Assert.That(request.Headers["Host"].ToString(), Is.EqualTo("other.example"), "the field itself is still visible");
    }

    [Test]
    public void Absolute_form_allows_an_empty_Host_field_and_HTTP_1_0_without_one()
    {
        var empty = ParserHarness.Parse("GET http://[::1]:5000 HTTP/1.1\r\nHost:\r\n\r\n");
        Assert.That(empty.Status, Is.EqualTo(ParseStatus.Complete));
        Assert.That(empty.Request.Host, Is.EqualTo("[::1]:5000"));
        Assert.That(empty.Request.Path, Is.EqualTo("/"));
        var http10 = ParserHarness.Parse("GET http://example.com/x HTTP/1.0\r\n\r\n");
        Assert.That(http10.Request.Host, Is.EqualTo("example.com"));
    }

    [Test]
    public void Asterisk_form_is_marked_by_an_asterisk_path()
    {
        var (status, _, request, _) = ParserHarness.Parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
        Assert.That(status, Is.EqualTo(ParseStatus.Complete));
        Assert.That(request.Path, Is.EqualTo("*"));
        Assert.That(request.RawTarget, Is.EqualTo("*"));
        Assert.That(request.Method, Is.SameAs(HttpMethods.Options));
    }

    [TestCase(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01 }, nameof(RequestRejectionReason.TlsHandshakeOnPlainHttp), TestName = "TLS_ClientHello_is_rejected_from_its_first_bytes")]
    [TestCase(new byte[] { 0x16 }, nameof(RequestRejectionReason.TlsHandshakeOnPlainHttp), TestName = "TLS_record_type_byte_alone_is_rejected")]
    [TestCase(new byte[] { 0x16, 0x41 }, nameof(RequestRejectionReason.InvalidRequestLine), TestName = "Control_byte_that_is_not_TLS_is_an_invalid_request_line")]
    [TestCase(new byte[] { 0x00 }, nameof(RequestRejectionReason.InvalidRequestLine), TestName = "NUL_first_byte_is_rejected_at_once")]
    [TestCase(new byte[] { (byte)' ' }, nameof(RequestRejectionReason.InvalidRequestLine), TestName = "Space_first_byte_is_rejected_at_once")]
    [TestCase(new byte[] { (byte)'G', (byte)'E', (byte)'(' }, nameof(RequestRejectionReason.InvalidRequestLine), TestName = "Non_token_byte_in_method_is_rejected_at_once")]
    [TestCase(new byte[] { (byte)'G', (byte)'E', (byte)'\r' }, nameof(RequestRejectionReason.InvalidRequestLine), TestName = "CR_in_method_is_rejected_at_once")]
    [TestCase(new byte[] { (byte)'\r', (byte)'X' }, nameof(RequestRejectionReason.InvalidRequestLine), TestName = "Lone_CR_before_the_request_line_is_rejected_at_once")]
    [TestCase(new byte[] { (byte)'\r', (byte)'\n', 0x16, 0x03, 0x03 }, nameof(RequestRejectionReason.TlsHandshakeOnPlainHttp), TestName = "TLS_after_an_empty_line_is_rejected_at_once")]
    public void Bad_request_line_start_is_rejected_without_waiting_for_the_line_end(byte[] bytes, string expected)
    {
        var result = ParserHarness.Parse(new ReadOnlySequence<byte>(bytes));
        Assert.That(result.Status, Is.EqualTo(ParseStatus.Rejected));
        Assert.That(result.Reason.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Over_long_method_is_rejected_when_its_33rd_byte_arrives_one_byte_at_a_time()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('A', 40));
        var parser = new HttpRequestParser(HeadLimits.Default);
        var request = ParserHarness.NewRequest();
        for (var length = 1; length <= HttpRequestParser.MaxMethodLength; length++)
            Assert.That(parser.TryParse(ParserHarness.Segmented(bytes[..length].Select(b => new[] { b }).ToArray()), request, out _, out _),
                Is.EqualTo(ParseStatus.NeedMoreData), $"{length} bytes");
        var status = parser.TryParse(ParserHarness.Segmented(bytes[..33].Select(b => new[] { b }).ToArray()), request, out _, out var reason);
        Assert.That(status, Is.EqualTo(ParseStatus.Rejected));
        Assert.That(reason, Is.EqualTo(RequestRejectionReason.MethodTooLong));
        Assert.That(RequestRejection.StatusCode(reason), Is.EqualTo(400));
    }

    [Test]
    public void Non_token_byte_in_method_is_rejected_as_it_arrives_one_byte_at_a_time()
    {
        var bytes = Encoding.ASCII.GetBytes("\r\nPO@T / HTTP/1.1\r\n");
        var parser = new HttpRequestParser(HeadLimits.Default);
        var request = ParserHarness.NewRequest();
        var at = Array.IndexOf(bytes, (byte)'@');
        for (var length = 1; length <= at; length++)
            Assert.That(parser.TryParse(new ReadOnlySequence<byte>(bytes, 0, length), request, out _, out _), Is.EqualTo(ParseStatus.NeedMoreData), $"{length} bytes");
        Assert.That(parser.TryParse(new ReadOnlySequence<byte>(bytes, 0, at + 1), request, out _, out var reason), Is.EqualTo(ParseStatus.Rejected));
        Assert.That(reason, Is.EqualTo(RequestRejectionReason.InvalidRequestLine));
    }

    [Test]
    public void Long_target_is_414_but_a_long_method_or_garbage_line_is_400()
    {
        var options = new ServerOptions { MaxRequestLineSize = 100 };
        Assert.That(ParserHarness.Parse("GET /" + new string('a', 200), options).Reason, Is.EqualTo(RequestRejectionReason.RequestLineTooLong));
        Assert.That(ParserHarness.Parse(new string('a', 200), options).Reason, Is.EqualTo(RequestRejectionReason.MethodTooLong));
        Assert.That(ParserHarness.Parse(new string('a', 200) + " / HTTP/1.1\r\n\r\n", options).Reason, Is.EqualTo(RequestRejectionReason.MethodTooLong));
    }

    [Test]
    public void Expect_100_continue_is_dropped_when_body_bytes_arrived_with_the_head()
    {
        const string head = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";
        Assert.That(ParserHarness.Parse(head).Request.ExpectsContinue, Is.True, "nothing sent yet: the client waits");
        var withBody = ParserHarness.Parse(head + "he");
        Assert.That(withBody.Status, Is.EqualTo(ParseStatus.Complete));
        Assert.That(withBody.Request.ExpectsContinue, Is.False, "RFC 9110 §10.1.1: the body is already coming");
        Assert.That(withBody.Consumed, Is.EqualTo(head.Length));
    }
}
