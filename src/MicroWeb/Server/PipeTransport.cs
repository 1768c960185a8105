using System.IO.Pipelines;
using System.Net;

namespace MicroWeb.Server;

/// <summary>
/// An in-memory transport: the connection reads what a client writes to <see cref="ClientOutput"/> and
/// writes responses the client reads from <see cref="ClientInput"/>. Serves benchmarks and tests that
/// exercise the real parser and connection without a socket.
/// </summary>
internal sealed class PipeTransport : ITransport
{
    private static readonly PipeOptions s_options = new(useSynchronizationContext: false);
    private readonly Pipe _toServer;
    private readonly Pipe _toClient = new(s_options);

    public PipeTransport() => _toServer = new Pipe(s_options);

    /// <param name="serverScheduler">
    /// Where the connection resumes when a request arrives. <see cref="PipeScheduler.Inline"/> runs it on the client's
    /// flush: a benchmark then measures the request alone, without the thread-pool work item the default scheduler queues.
    /// </param>
    public PipeTransport(PipeScheduler serverScheduler) =>
        _toServer = new Pipe(new PipeOptions(readerScheduler: serverScheduler, useSynchronizationContext: false));

    public PipeReader Input => _toServer.Reader;

    public PipeWriter Output => _toClient.Writer;

    /// <summary>The client's end: requests go here.</summary>
    public PipeWriter ClientOutput => _toServer.Writer;

    /// <summary>The client's end: responses arrive here.</summary>
    public PipeReader ClientInput => _toClient.Reader;

    public EndPoint? RemoteEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 50000);

    public EndPoint? LocalEndPoint { get; } = new IPEndPoint(IPAddress.Loopback, 80);

    public bool IsTls => false;

    /// <summary>A pipe has no buffer beyond the one <see cref="Input"/> reads, so nothing is ever pending outside it.</summary>
    public bool HasPendingInput => false;

    public void ShutdownOutput() => _toClient.Writer.Complete();

    public void Abort()
    {
        var aborted = new IOException("The connection was aborted.");
        // Completing a pipe does not wake a flush or read already waiting on it; cancelling does.
        _toClient.Writer.CancelPendingFlush();
        _toServer.Reader.CancelPendingRead();
        _toClient.Writer.Complete(aborted);
        _toServer.Reader.Complete(aborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _toServer.Reader.CompleteAsync().ConfigureAwait(false);
        await _toClient.Writer.CompleteAsync().ConfigureAwait(false);
    }
}
