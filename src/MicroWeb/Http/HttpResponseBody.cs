namespace MicroWeb.Http;

/// <summary>The write-only <see cref="HttpResponse.Body"/> stream; it writes to the response's current output.</summary>
/// <remarks>
/// The synchronous <see cref="Write(ReadOnlySpan{byte})"/> and <see cref="Flush"/> never block a thread on the
/// network (<see cref="HttpResponseOutput.Write"/>): their bytes go out at the next awaited write or flush, or
/// when the response ends. Large bodies should be written with the async methods, which wait for the client.
/// </remarks>
internal sealed class HttpResponseBody(HttpResponse response) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => response.Output.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => response.Output.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        response.Output.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        response.Output.WriteAsync(buffer, cancellationToken);

    public override void Flush() => response.Output.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => response.Output.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
