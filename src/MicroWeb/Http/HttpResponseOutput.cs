using Microsoft.Win32.SafeHandles;

namespace MicroWeb.Http;

/// <summary>
/// Where a response's bytes go. The server implements it over its connection; the HTTP model only
/// forwards to it, so the model knows nothing about sockets.
/// </summary>
internal abstract class HttpResponseOutput
{
    public abstract bool HasStarted { get; }

    /// <summary>
    /// Takes body bytes without waiting for the network: what the response has to send now stays in the output
    /// until the next awaited flush (<see cref="WriteAsync"/>, <see cref="FlushAsync"/>, or the end of the response).
    /// </summary>
    public abstract void Write(ReadOnlySpan<byte> data);

    public abstract ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    public abstract Task StartAsync(CancellationToken cancellationToken);

    public abstract Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The synchronous <see cref="FlushAsync"/> minus the wait: commits the head and the body written so far, which
    /// then go out at the next awaited flush. Never blocks a thread on the network. Outputs that hold nothing
    /// back (test doubles) need not override it.
    /// </summary>
    public virtual void Flush() { }

    /// <summary>Body bytes the application has written for the current response; outputs that do not count report 0.</summary>
    public virtual long BytesWritten => 0;

    /// <summary>
    /// Sends <paramref name="count"/> bytes of <paramref name="file"/> from <paramref name="offset"/> as the whole body,
    /// without copying them through the process, when this output can (a plain socket; nothing transforms the body).
    /// False when it cannot: nothing has been written, and the caller writes the bytes itself. The handle stays the
    /// caller's.
    /// </summary>
    public virtual ValueTask<bool> TrySendFileAsync(SafeFileHandle file, long offset, long count, CancellationToken cancellationToken) => new(false);

    /// <summary>Forgets the body buffered so far (used when an error replaces an unsent response).</summary>
    public abstract void DiscardBuffered();
}
