using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using MicroWeb.Server;

namespace MicroWeb.Testing;

/// <summary>
/// The client's end of one in-memory connection: writes requests to the server's input pipe, reads
/// responses from its output pipe. Touches only the client ends of the <see cref="PipeTransport"/>.
/// </summary>
/// <remarks>Not thread-safe: one request (or one raw test) owns a connection at a time.</remarks>
internal sealed class ClientConnection
{
    /// <summary>A status line or header line longer than this is a protocol error, not a reason to buffer forever.</summary>
    private const int MaxLineLength = 64 * 1024;
    private const int MaxHeadLength = 1024 * 1024;

    private bool _closed;

    public ClientConnection(PipeTransport transport)
    {
        Output = transport.ClientOutput;
        Input = transport.ClientInput;
    }

    public PipeWriter Output { get; }

    public PipeReader Input { get; }

    /// <summary>
    /// True when the server has neither closed the connection nor sent anything unasked, so another
    /// request can be sent on it. Does not wait.
    /// </summary>
    public bool IsReusable()
    {
        if (_closed) return false;
        try
        {
            if (!Input.TryRead(out var result)) return true;
            var idle = result.Buffer.IsEmpty && !result.IsCompleted && !result.IsCanceled;
            Input.AdvanceTo(result.Buffer.Start);
            return idle;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Closes both client ends: the server reads end-of-stream and its writes go nowhere. Idempotent.</summary>
    public void Close(Exception? error = null)
    {
        if (_closed) return;
        _closed = true;
        Output.Complete(error);
        Input.Complete();
    }

    /// <summary>Reads a response head (status line and fields); null when the connection ended before its first byte.</summary>
    public async ValueTask<ResponseHead?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var statusLine = await ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (statusLine is null) return null;
        var head = ResponseHead.ParseStatusLine(statusLine);
        var length = statusLine.Length;
        while (true)
        {
            var line = await ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException("The connection closed inside a response head.");
            if (line.Length == 0) return head;
            length += line.Length + 2;
            if (length > MaxHeadLength) throw new HttpRequestException($"The response head is longer than {MaxHeadLength} bytes.");
            head.AddHeader(line);
        }
    }

    /// <summary>
    /// Reads one CRLF-terminated line (without the CRLF) as Latin-1, so every byte maps to one char;
    /// null when the stream ended before any byte of it.
    /// </summary>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled) throw new OperationCanceledException("The read was cancelled.");
            var buffer = result.Buffer;
            if (buffer.PositionOf((byte)'\n') is { } newline)
            {
                var line = buffer.Slice(0, newline);
                if (line.Length > MaxLineLength) throw new HttpRequestException($"A response line is longer than {MaxLineLength} bytes.");
                var text = Encoding.Latin1.GetString(line);
                Input.AdvanceTo(buffer.GetPosition(1, newline));
                return text.EndsWith('\r') ? text[..^1] : text;
            }
            if (buffer.Length > MaxLineLength) throw new HttpRequestException($"A response line is longer than {MaxLineLength} bytes.");
            if (result.IsCompleted)
            {
                Input.AdvanceTo(buffer.End);
                if (buffer.IsEmpty) return null;
                throw new IOException("The connection closed in the middle of a line.");
            }
            Input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Copies up to <paramref name="limit"/> bytes into <paramref name="destination"/>; 0 at end of stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, long limit, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty || limit <= 0) return 0;
        var result = await Input.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled) throw new OperationCanceledException("The read was cancelled.");
        var buffer = result.Buffer;
        if (buffer.IsEmpty)
        {
            Input.AdvanceTo(buffer.End);
            return 0;
        }
        var count = (int)Math.Min(Math.Min(buffer.Length, destination.Length), limit);
        buffer.Slice(0, count).CopyTo(destination.Span);
        Input.AdvanceTo(buffer.GetPosition(count));
        return count;
    }

    /// <summary>Reads everything until the server closes its side.</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var all = new ArrayBufferWriter<byte>();
        while (true)
        {
            var read = await ReadAsync(all.GetMemory(16 * 1024), long.MaxValue, cancellationToken).ConfigureAwait(false);
            if (read == 0) return all.WrittenSpan.ToArray();
            all.Advance(read);
        }
    }
}
