using System.Threading.Channels;

namespace MessageBoard.Data;

/// <summary>
/// This process's subscribers to new posts (one per open <c>/events</c> stream), each with its own small queue: a
/// post is handed to every queue without waiting, and a subscriber that falls 64 posts behind loses the oldest, so a
/// stalled reader never holds up a post or the others.
/// </summary>
public sealed class PostHub
{
    private const int QueueLength = 64;

    private readonly Lock _lock = new();
    private PostSubscription[] _subscribers = [];

    public PostSubscription Subscribe()
    {
        var subscription = new PostSubscription(this, Channel.CreateBounded<Message>(
            new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }));
        lock (_lock) _subscribers = [.. _subscribers, subscription];
        return subscription;
    }

    /// <summary>Hands <paramref name="message"/> to every subscriber of this process.</summary>
    public void Deliver(Message message)
    {
        // Copy-on-write: delivering reads a snapshot without the lock.
        foreach (var subscriber in Volatile.Read(ref _subscribers)) subscriber.Writer.TryWrite(message);
    }

    internal void Remove(PostSubscription subscription)
    {
        lock (_lock) _subscribers = Array.FindAll(_subscribers, s => s != subscription);
    }
}

/// <summary>One subscriber's queue of new posts; dispose it to unsubscribe.</summary>
public sealed class PostSubscription : IDisposable
{
    private readonly PostHub _hub;
    private readonly Channel<Message> _channel;

    internal PostSubscription(PostHub hub, Channel<Message> channel)
    {
        _hub = hub;
        _channel = channel;
    }

    public ChannelReader<Message> Reader => _channel.Reader;

    internal ChannelWriter<Message> Writer => _channel.Writer;

    public void Dispose() => _hub.Remove(this);
}
