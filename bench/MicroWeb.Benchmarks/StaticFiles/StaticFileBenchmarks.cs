using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Http;
using MicroWeb.Middleware.Compression;
using MicroWeb.Middleware.StaticFiles;

namespace MicroWeb.Benchmarks.StaticFiles;

/// <summary>
/// The static file middleware on an in-memory context (no sockets): a 4 KiB file answered from the in-memory cache,
/// a 1 MiB file streamed from disk through a pooled buffer, a 304 revalidation, and the 4 KiB file pre-compressed
/// with Brotli behind the compression middleware. The output discards bytes, so the numbers are the middleware's own cost.
/// "1 MiB, sendfile" uses an output that takes the file the way a plain socket does (zero copy): what is left is the
/// process's share; the kernel's copy to the socket is not counted.
/// </summary>
[MemoryDiagnoser]
public class StaticFileBenchmarks
{
    private string _root = "";
    private HttpContext _context = null!;
    private HttpContext _sendFileContext = null!;
    private RequestDelegate _static = null!;
    private RequestDelegate _compressed = null!;
    private string _smallETag = "";
    private long _requestNumber;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "microweb-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        var text = string.Concat(Enumerable.Repeat("body { margin: 0; padding: 0; color: #333; } /* static */\n", 80));
        File.WriteAllText(Path.Combine(_root, "small.css"), text[..4096]);
        var big = new byte[1024 * 1024];
        new Random(1).NextBytes(big);
        File.WriteAllBytes(Path.Combine(_root, "big.bin"), big);

        var services = new ServiceCollection().BuildServiceProvider();
        var options = new StaticFileOptions { RootPath = _root, ServeUnknownFileTypes = true };
        var middleware = new StaticFileMiddleware(options, new PhysicalFileProvider(_root, allowSymlinksOutsideRoot: false));
        RequestDelegate notFound = context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        };
        _static = context => middleware.InvokeAsync(context, notFound);
        var compression = new CompressionPolicy(new ResponseCompressionOptions());
        _compressed = new ResponseCompressionMiddleware(_static, compression).InvokeAsync;
        _context = new HttpContext(services, new DiscardingOutput());
        _sendFileContext = new HttpContext(services, new SendFileOutput());

        Run(_static, "/static/small.css").GetAwaiter().GetResult();
        _smallETag = _context.Response.Headers["ETag"].ToString();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Description = "4 KiB, cached")]
    public Task Small() => Run(_static, "/static/small.css");

    [Benchmark(Description = "4 KiB, 304")]
    public Task SmallNotModified() => Run(_static, "/static/small.css", "If-None-Match", _smallETag);

    [Benchmark(Description = "4 KiB, Brotli from cache")]
    public Task SmallBrotli() => Run(_compressed, "/static/small.css", "Accept-Encoding", "gzip, deflate, br");

    [Benchmark(Description = "1 MiB, streamed")]
    public Task Big() => Run(_static, "/static/big.bin");

    [Benchmark(Description = "1 MiB, sendfile")]
    public Task BigSendFile() => Run(_static, "/static/big.bin", context: _sendFileContext);

    private Task Run(RequestDelegate pipeline, string path, string? header = null, string? value = null, HttpContext? context = null)
    {
        context ??= _context;
        context.BeginRequest(1, ++_requestNumber, CancellationToken.None);
        var request = context.Request;
        request.Reset();
        request.Method = HttpMethods.Get;
        request.Path = path;
        if (header is not null) request.Headers.AppendParsed(header, value!);
        return pipeline(context);
    }

    /// <summary>Counts and drops the body, as a socket that is always writable would.</summary>
    private sealed class DiscardingOutput : HttpResponseOutput
    {
        private long _bytes;

        public override bool HasStarted => false;

        public override long BytesWritten => _bytes;

        public override void Write(ReadOnlySpan<byte> data) => _bytes += data.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            _bytes += data.Length;
            return ValueTask.CompletedTask;
        }

        public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void DiscardBuffered() => _bytes = 0;
    }

    /// <summary>A <see cref="DiscardingOutput"/> that also takes whole files, as the socket's sendfile path does.</summary>
    private sealed class SendFileOutput : HttpResponseOutput
    {
        public override bool HasStarted => false;

        public override void Write(ReadOnlySpan<byte> data) { }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public override ValueTask<bool> TrySendFileAsync(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count, CancellationToken cancellationToken) => new(true);

        public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void DiscardBuffered() { }
    }
}
