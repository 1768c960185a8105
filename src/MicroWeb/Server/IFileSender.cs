using Microsoft.Win32.SafeHandles;

namespace MicroWeb.Server;

/// <summary>
/// A transport that can send a file's bytes to the peer without copying them through user space (sendfile(2) on a
/// plain socket). TLS and in-memory transports cannot, and do not implement it.
/// </summary>
internal interface IFileSender
{
    /// <summary>
    /// Sends <paramref name="count"/> bytes of <paramref name="file"/> from <paramref name="offset"/>, after everything
    /// already flushed to the transport's output. Throws <see cref="IOException"/> when the connection fails or the file
    /// ends early. The handle stays open and owned by the caller.
    /// </summary>
    ValueTask SendFileAsync(SafeFileHandle file, long offset, long count);
}
