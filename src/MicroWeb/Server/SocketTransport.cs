using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace MicroWeb.Server;

/// <summary>An accepted socket exposed as pipes (pooled buffers; a read allocates nothing at steady state), which can also send files with sendfile(2).</summary>
internal sealed class SocketTransport : ITransport, IFileSender
{
    // SendPacketsElement counts are ints: a larger range goes out in pieces of this size.
    private const int MaxSendFileChunk = 1 << 30;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private SendFileOperation? _sendFile;

    public SocketTransport(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));
        RemoteEndPoint = socket.RemoteEndPoint;
        LocalEndPoint = socket.LocalEndPoint;
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public EndPoint? RemoteEndPoint { get; }

    public EndPoint? LocalEndPoint { get; }

    public bool IsTls => false;

    public bool HasPendingInput
    {
        get
        {
            try
            {
                return _socket.Available > 0;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    public async ValueTask SendFileAsync(SafeFileHandle file, long offset, long count)
    {
        // A FileStream is what SendPacketsElement takes; over the caller's handle it owns nothing (disposing it would
        // close the caller's handle), so it is neither disposed nor finalized.
        var stream = new FileStream(file, FileAccess.Read, bufferSize: 0);
        GC.SuppressFinalize(stream);
        var operation = _sendFile ??= new SendFileOperation();
        while (count > 0)
        {
            var chunk = (int)Math.Min(count, MaxSendFileChunk);
            operation.SendPacketsElements = [new SendPacketsElement(stream, offset, chunk, endOfPacket: true)];
            await operation.SendAsync(_socket).ConfigureAwait(false);
            // sendfile stops at the end of the file: the head promised these bytes, so the connection cannot go on.
            if (operation.BytesTransferred != chunk) throw new IOException("A file became shorter while it was being sent.");
            offset += chunk;
            count -= chunk;
        }
        operation.SendPacketsElements = null;
    }

    public void ShutdownOutput()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The peer is already gone; nothing left to tell it.
        }
    }

    public void Abort()
    {
        try
        {
            // Linger 0 sends RST: an aborted response must not look like a complete one.
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        _stream.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _sendFile?.Dispose();
    }
}
