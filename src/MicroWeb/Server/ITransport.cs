using System.IO.Pipelines;
using System.Net;

namespace MicroWeb.Server;

/// <summary>
/// A duplex byte stream a connection serves HTTP over: a socket in production, an in-memory pipe in a test
/// host. The connection logic depends only on this.
/// </summary>
internal interface ITransport : IAsyncDisposable
{
    PipeReader Input { get; }

    PipeWriter Output { get; }

    EndPoint? RemoteEndPoint { get; }

    EndPoint? LocalEndPoint { get; }

    /// <summary>
    /// Whether the bytes travel inside TLS (RFC 8446): the connection's requests then have the <c>https</c> scheme
    /// (RFC 9112 §3.2). Read once, when the connection is created.
    /// </summary>
    bool IsTls { get; }

    /// <summary>
    /// Whether the peer has sent bytes that <see cref="Input"/> has not read yet (a socket's kernel buffer);
    /// lets a shutdown tell a request already sent from an idle connection. Asked only while stopping.
    /// </summary>
    bool HasPendingInput { get; }

    /// <summary>Stops sending (a FIN on a socket) so the peer sees the end of the response stream.</summary>
    void ShutdownOutput();

    /// <summary>Tears the connection down now; pending reads and writes fail.</summary>
    void Abort();
}
