using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace MicroWeb.Server;

/// <summary>
/// One socket's reusable <see cref="Socket.SendPacketsAsync(SocketAsyncEventArgs)"/> operation, awaitable as a
/// <see cref="ValueTask"/>: on Linux a file element goes out with sendfile(2). Only one send runs at a time (the
/// connection's flow owns the output).
/// </summary>
internal sealed class SendFileOperation : SocketAsyncEventArgs, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _source;

    public SendFileOperation()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
        _source.RunContinuationsAsynchronously = true;
    }

    /// <summary>Starts sending <see cref="SocketAsyncEventArgs.SendPacketsElements"/>.</summary>
    public ValueTask SendAsync(Socket socket)
    {
        _source.Reset();
        if (!socket.SendPacketsAsync(this)) Complete();
        return new ValueTask(this, _source.Version);
    }

    protected override void OnCompleted(SocketAsyncEventArgs e) => Complete();

    private void Complete()
    {
        if (SocketError == SocketError.Success) _source.SetResult(true);
        else _source.SetException(new IOException("The file could not be sent.", new SocketException((int)SocketError)));
    }

    public void GetResult(short token) => _source.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);
}
