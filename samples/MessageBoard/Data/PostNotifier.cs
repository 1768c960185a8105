namespace MessageBoard.Data;

/// <summary>
/// Tells every instance of the board that a message was posted, so each can push it to its own <c>/events</c>
/// subscribers. On SQLite, which several processes can share only on one machine, the board notifies its own process
/// (<see cref="InProcessPostNotifier"/>); on PostgreSQL every instance hears every post (<see cref="PostgresPostNotifier"/>).
/// </summary>
public interface IPostNotifier
{
    /// <summary>Announces the stored message <paramref name="messageId"/>.</summary>
    Task PublishAsync(long messageId);

    /// <summary>A subscription to posts from now on; for PostgreSQL it returns once this instance is listening.</summary>
    Task<PostSubscription> SubscribeAsync(CancellationToken cancellationToken);
}

/// <summary>Posts reach the subscribers of this process only: right for one instance (and for SQLite).</summary>
public sealed class InProcessPostNotifier(PostHub hub, IMessageStore messages) : IPostNotifier
{
    public async Task PublishAsync(long messageId)
    {
        if (await messages.FindAsync(messageId) is { } message) hub.Deliver(message);
    }

    public Task<PostSubscription> SubscribeAsync(CancellationToken cancellationToken) => Task.FromResult(hub.Subscribe());
}
