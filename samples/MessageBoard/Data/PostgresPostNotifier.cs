using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MessageBoard.Data;

/// <summary>
/// New posts through PostgreSQL's <c>LISTEN</c>/<c>NOTIFY</c>: publishing is <c>pg_notify('board_posts', id)</c>, and
/// each instance keeps one connection listening on the channel, reads each announced message once and hands it to its
/// own subscribers. A post on instance A thereby reaches the viewers on instance B, and A's own viewers hear it the
/// same way. The listening connection starts with the first subscriber and reconnects after an outage; posts made
/// while it is down are not pushed (a reload shows them, and a reconnecting browser's Last-Event-ID replays them).
/// </summary>
public sealed class PostgresPostNotifier(NpgsqlDataSource dataSource, IMessageStore messages, PostHub hub, ILogger<PostgresPostNotifier> logger)
    : IPostNotifier, IAsyncDisposable
{
    private const string Channel = "board_posts";

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    public async Task PublishAsync(long messageId)
    {
        // Delivered when the posting transaction has committed; with autocommit, that is now.
        await using var command = dataSource.CreateCommand("SELECT pg_notify($1, $2)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Channel });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = messageId.ToString(CultureInfo.InvariantCulture) });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<PostSubscription> SubscribeAsync(CancellationToken cancellationToken)
    {
        lock (_lock) _loop ??= Task.Run(ListenAsync);
        // Subscribed before waiting, so nothing announced once LISTEN runs is missed.
        var subscription = hub.Subscribe();
        try
        {
            await _listening.Task.WaitAsync(cancellationToken);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
        return subscription;
    }

    private async Task ListenAsync()
    {
        var stop = _stop.Token;
        var retry = TimeSpan.FromSeconds(1);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stop);
                var announced = new List<long>();
                connection.Notification += (_, e) =>
                {
                    if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out long id)) announced.Add(id);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stop);
                _listening.TrySetResult();
                retry = TimeSpan.FromSeconds(1);
                while (true)
                {
                    // Returns after the notifications that arrived have been raised (on this connection, so no command here).
                    await connection.WaitAsync(stop);
                    foreach (long id in announced.ToArray())
                    {
                        if (await messages.FindAsync(id) is { } message) hub.Deliver(message);
                    }
                    announced.Clear();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening for new posts failed; retrying in {Delay}", retry);
                try
                {
                    await Task.Delay(retry, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task? loop;
        lock (_lock) loop = _loop;
        if (loop is not null) await loop;
        _stop.Dispose();
    }
}
