using Microsoft.Extensions.DependencyInjection;
using Microsoft.Win32.SafeHandles;
using MicroWeb.Http;
using MicroWeb.Tests.Middleware;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.HttpResults;

/// <summary>
/// Results.File hands a file of more than one buffer to the output's sendfile (as static files do), and streams it
/// where the output cannot: the bytes, ranges and HEAD answers are the same either way.
/// </summary>
public class FileResultSendFileTests
{
    private const int Size = 1 << 20;

    private static byte[] Noise()
    {
        var bytes = new byte[Size];
        new Random(20).NextBytes(bytes);
        return bytes;
    }

    private static string Get(string target, string method = "GET", string extra = "") => $"{method} {target} HTTP/1.1\r\nHost: t\r\n{extra}\r\n";

    [Test]
    public async Task On_a_real_socket_a_1_MiB_file_goes_out_byte_exact_with_a_range_and_HEAD_on_one_connection()
    {
        var content = Noise();
        using var dir = new TempDirectory();
        var big = dir.Write("big.bin", content);
        var small = dir.Write("small.txt", "small");
        await using var server = await TestServer.StartAsync(null, configurePipeline: app =>
        {
            app.MapGet("/big", () => MicroWeb.Results.File(big, "application/octet-stream"));
            app.MapGet("/small", () => MicroWeb.Results.File(small));
        });
        using var connection = await server.ConnectAsync();

        // A small answer still buffered when the sendfile path flushes its head must go out first.
        await connection.SendAsync(Get("/small") + Get("/big"));
        Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("small"));
        var full = await connection.ReadResponseAsync();
        Assert.That(full.StatusCode, Is.EqualTo(200));
        Assert.That(full.Header("Content-Length"), Is.EqualTo(Size.ToString()));
        Assert.That(full.Body, Is.EqualTo(content), "the whole file, byte for byte");

        await connection.SendAsync(Get("/big", extra: "Range: bytes=1000-200999\r\n"));
        var range = await connection.ReadResponseAsync();
        Assert.That(range.StatusCode, Is.EqualTo(206));
        Assert.That(range.Header("Content-Range"), Is.EqualTo($"bytes 1000-200999/{Size}"));
        Assert.That(range.Body, Is.EqualTo(content[1000..201000]));

        await connection.SendAsync(Get("/big", "HEAD"));
        var head = await connection.ReadResponseAsync(headRequest: true);
        Assert.That(head.StatusCode, Is.EqualTo(200));
        Assert.That(head.Header("Content-Length"), Is.EqualTo(Size.ToString()));

        // Nothing of a body followed the HEAD answer: the next response starts right after it.
        await connection.SendAsync(Get("/small", extra: "Connection: close\r\n"));
        Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("small"));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [TestCase("GET", "", 0, Size)]
    [TestCase("GET", "bytes=1000-200999", 1000, 200_000)]
    public async Task A_large_file_is_offered_to_the_outputs_sendfile_with_the_selected_bytes(string method, string range, long offset, long count)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("big.bin", Noise());
        var output = new SendFileOutput(accepts: true);
        await Execute(path, method, range, output);
        Assert.That(output.Sent, Is.EqualTo(new[] { (offset, count) }));
        Assert.That(output.Body, Is.Empty, "nothing copied through the process");
    }

    [Test]
    public async Task HEAD_and_a_file_of_one_buffer_or_less_are_not_offered_to_sendfile()
    {
        using var dir = new TempDirectory();
        var big = dir.Write("big.bin", Noise());
        var small = dir.Write("small.bin", Noise()[..(64 * 1024)]);

        var head = new SendFileOutput(accepts: true);
        await Execute(big, "HEAD", "", head);
        Assert.That(head.Sent, Is.Empty);
        Assert.That(head.Body, Is.Empty);

        var one = new SendFileOutput(accepts: true);
        await Execute(small, "GET", "", one);
        Assert.That(one.Sent, Is.Empty, "one buffer goes out with the head in one write");
        Assert.That(one.Body, Is.EqualTo(File.ReadAllBytes(small)));
    }

    [Test]
    public async Task An_output_that_declines_sendfile_gets_the_bytes_streamed()
    {
        var content = Noise();
        using var dir = new TempDirectory();
        var path = dir.Write("big.bin", content);
        var output = new SendFileOutput(accepts: false);
        await Execute(path, "GET", "bytes=-100000", output);
        Assert.That(output.Sent, Is.EqualTo(new[] { (Size - 100_000L, 100_000L) }), "asked first");
        Assert.That(output.Body, Is.EqualTo(content[^100_000..]));
    }

    private static async Task Execute(string path, string method, string range, SendFileOutput output)
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var context = new HttpContext(services, output);
        context.BeginRequest(1, 1, CancellationToken.None);
        var request = context.Request;
        request.Reset();
        request.Method = method;
        request.RawTarget = request.Path = "/file";
        request.QueryString = "";
        if (range.Length > 0) request.Headers.AppendParsed("Range", range);
        await MicroWeb.Results.File(path, "application/octet-stream").ExecuteAsync(context);
    }

    /// <summary>Records what it is offered to send with sendfile and accepts it (or not); collects what is written.</summary>
    private sealed class SendFileOutput(bool accepts) : HttpResponseOutput
    {
        private readonly MemoryStream _body = new();

        public List<(long Offset, long Count)> Sent { get; } = [];

        public byte[] Body => _body.ToArray();

        public override bool HasStarted => false;

        public override void Write(ReadOnlySpan<byte> data) => _body.Write(data);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            _body.Write(data.Span);
            return ValueTask.CompletedTask;
        }

        public override ValueTask<bool> TrySendFileAsync(SafeFileHandle file, long offset, long count, CancellationToken cancellationToken)
        {
            Sent.Add((offset, count));
            return new ValueTask<bool>(accepts);
        }

        public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void DiscardBuffered() => _body.SetLength(0);
    }
}
