using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb;
using MicroWeb.Http;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Benchmarks.Server;

/// <summary>The request-head parser alone: ns and bytes allocated per request, at steady state on one connection.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private const string Plaintext = "GET /plaintext HTTP/1.1\r\nHost: localhost:8080\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n";

    private const string Browser =
        "GET /messages?page=2 HTTP/1.1\r\n" +
        "Host: localhost:5000\r\n" +
        "Connection: keep-alive\r\n" +
        "Cache-Control: max-age=0\r\n" +
        "sec-ch-ua: \"Chromium\";v=\"156\", \"Not:A-Brand\";v=\"24\"\r\n" +
        "sec-ch-ua-mobile: ?0\r\n" +
        "sec-ch-ua-platform: \"Linux\"\r\n" +
        "Upgrade-Insecure-Requests: 1\r\n" +
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36\r\n" +
        "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n" +
        "Sec-Fetch-Site: same-origin\r\n" +
        "Accept-Encoding: gzip, deflate, br, zstd\r\n" +
        "Accept-Language: en-US,en;q=0.9\r\n\r\n";

    private readonly HttpRequestParser _parser = new(HeadLimits.Default);
    private HttpRequest _request = null!;
    private ReadOnlySequence<byte> _plaintext;
    private ReadOnlySequence<byte> _browser;
    private ReadOnlySequence<byte> _pipelined;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        _request = new HttpContext(services, new DiscardingOutput()).Request;
        _plaintext = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(Plaintext));
        _browser = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(Browser));
        _pipelined = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(Plaintext, 16))));
    }

    [Benchmark]
    public int PlaintextRequest() => ParseOne(_plaintext);

    [Benchmark]
    public int BrowserRequestWith12Headers() => ParseOne(_browser);

    [Benchmark(OperationsPerInvoke = 16)]
    public int SixteenPipelinedRequests()
    {
        var buffer = _pipelined;
        var count = 0;
        while (buffer.Length > 0)
        {
            _parser.TryParse(buffer, _request, out var consumed, out _);
            _parser.Reset();
            buffer = buffer.Slice(consumed);
            count++;
        }
        return count;
    }

    private int ParseOne(in ReadOnlySequence<byte> buffer)
    {
        var status = _parser.TryParse(buffer, _request, out _, out _);
        _parser.Reset();
        return (int)status;
    }

    private sealed class DiscardingOutput : HttpResponseOutput
    {
        public override bool HasStarted => false;
        public override void Write(ReadOnlySpan<byte> data) { }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override void DiscardBuffered() { }
    }
}
