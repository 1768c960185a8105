using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace MicroWeb.Testing;

/// <summary>Serialises an <see cref="HttpRequestMessage"/> as HTTP/1.1 (RFC 9112) onto a connection.</summary>
internal static class RequestWriter
{
    /// <summary>How long a request with <c>Expect: 100-continue</c> waits for the interim response before sending its body anyway (as SocketsHttpHandler does).</summary>
    private static readonly TimeSpan s_expectContinueTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Writes the head, then the body: with a Content-Length when the content knows its length, chunked
    /// otherwise. With <paramref name="continueGate"/> the body waits for it: true sends, false (a final
    /// response came first) skips the body.
    /// </summary>
    /// <returns>False when the body was skipped or the server stopped reading before the whole request was written.</returns>
    public static async Task<bool> WriteAsync(ClientConnection connection, HttpRequestMessage request, TaskCompletionSource<bool>? continueGate, CancellationToken cancellationToken)
    {
        var content = request.Content;
        var chunked = content is not null && (request.Headers.TransferEncodingChunked == true || content.Headers.ContentLength is null);
        var head = FormatHead(request, chunked);
        var output = connection.Output;
        output.Write(Encoding.Latin1.GetBytes(head));
        var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flushed.IsCompleted) return false;
        if (content is null) return true;

        if (continueGate is not null)
        {
            var timeout = Task.Delay(s_expectContinueTimeout, cancellationToken);
            if (await Task.WhenAny(continueGate.Task, timeout).ConfigureAwait(false) == continueGate.Task && !continueGate.Task.Result) return false;
            cancellationToken.ThrowIfCancellationRequested();
        }

        var body = new RequestContentStream(output, chunked);
        try
        {
            await content.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not IOException)
        {
            throw new HttpRequestException("Error while copying content to the test server.", e);
        }
        return await body.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string FormatHead(HttpRequestMessage request, bool chunked)
    {
        var uri = request.RequestUri!;
        var head = new StringBuilder(256);
        var version = request.Version == System.Net.HttpVersion.Version10 ? "HTTP/1.0" : "HTTP/1.1";
        head.Append(request.Method.Method).Append(' ').Append(uri.PathAndQuery).Append(' ').Append(version).Append("\r\n");
        AppendField(head, "Host", request.Headers.Host ?? uri.Authority);

        foreach (var (name, values) in request.Headers.NonValidated)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            AppendField(head, name, values.ToString());
        }

        var content = request.Content;
        if (content is not null)
        {
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                AppendField(head, name, values.ToString());
            }
            if (chunked) AppendField(head, "Transfer-Encoding", "chunked");
            else AppendField(head, "Content-Length", content.Headers.ContentLength!.Value.ToString(CultureInfo.InvariantCulture));
        }
        else if (request.Method == HttpMethod.Post || request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch)
        {
            // A body-carrying method without content still says so (as SocketsHttpHandler does).
            AppendField(head, "Content-Length", "0");
        }
        head.Append("\r\n");
        return head.ToString();
    }

    private static void AppendField(StringBuilder head, string name, string value)
    {
        // The raw connection is the place for malformed requests; this client sends only well-formed ones.
        if (name.AsSpan().IndexOfAny("\r\n:") >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new HttpRequestException($"The request header '{name}' contains a line break; use MicroWebTestHost.OpenConnection to send malformed requests.");
        head.Append(name).Append(": ").Append(value).Append("\r\n");
    }

    /// <summary>The request body as a write-only stream over the connection, chunk-framed when asked. Each write is flushed.</summary>
    private sealed class RequestContentStream(PipeWriter output, bool chunked) : Stream
    {
        private bool _serverStoppedReading;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Once the server stops reading (it answered early and closed), the rest goes nowhere, like on a socket.
            if (buffer.IsEmpty || _serverStoppedReading) return;
            if (chunked)
            {
                output.Write(Encoding.ASCII.GetBytes(buffer.Length.ToString("X", CultureInfo.InvariantCulture) + "\r\n"));
                output.Write(buffer.Span);
                output.Write("\r\n"u8);
            }
            else
            {
                output.Write(buffer.Span);
            }
            var result = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted) _serverStoppedReading = true;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        /// <summary>Ends the body (the last chunk when chunked); false when the server stopped reading before the end.</summary>
        public async ValueTask<bool> CompleteAsync(CancellationToken cancellationToken)
        {
            if (_serverStoppedReading) return false;
            if (!chunked) return true;
            output.Write("0\r\n\r\n"u8);
            var result = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return !result.IsCompleted;
        }

        public override void Flush() { }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
