using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using MicroWeb.Http;

namespace MicroWeb.HttpResults;

/// <summary>
/// A <c>text/event-stream</c> response (HTML Living Standard §9.2): each item of the source becomes an event,
/// formatted by <see cref="SseFormatter"/> and flushed as soon as it is produced. Strings are sent as they are, other
/// data as JSON with the app's <see cref="JsonOptions"/>. Comment heartbeats keep a silent stream alive through
/// proxies. The enumeration is cancelled when the client leaves (<see cref="HttpContext.RequestAborted"/>) or the app
/// stops, which then ends the response normally.
/// </summary>
internal sealed class ServerSentEventsResult<T>(IAsyncEnumerable<SseItem<T>> items) : IResult
{
    public const string ContentType = "text/event-stream";

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = ContentType;
        // A cached or stored copy of a live stream would be wrong (RFC 9111 §5.2.2.4); nginx reads X-Accel-Buffering
        // and passes the events on as they come instead of buffering the upstream response.
        response.Headers["Cache-Control"] = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var services = ResultServices.Of(context);

        // HEAD: the head a GET would get (no length: the body is open-ended), and no enumeration.
        if (HttpMethods.IsHead(context.Request.Method))
        {
            await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, services.Stopping);
        var cancellationToken = stream.Token;
        using var body = new EventStreamBody(response);
        var json = services.Json;
        Utf8JsonWriter? jsonWriter = null;
        var heartbeats = Task.CompletedTask;
        using var stopHeartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // The head goes out now: EventSource reports the stream open before the first event exists.
            await response.StartAsync(cancellationToken).ConfigureAwait(false);
            var interval = services.ServerSentEvents.HeartbeatInterval;
            if (interval > TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan)
                heartbeats = SendHeartbeatsAsync(body, interval, stream, stopHeartbeats.Token);
            await SseFormatter.WriteAsync(items, body, (item, buffer) => Format(item.Data, buffer, json, ref jsonWriter), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left or the app is stopping: the stream simply ends.
        }
        finally
        {
            await stopHeartbeats.CancelAsync().ConfigureAwait(false);
            await heartbeats.ConfigureAwait(false);
            jsonWriter?.Dispose();
        }
    }

    private static void Format(T data, IBufferWriter<byte> buffer, JsonSerializerOptions options, ref Utf8JsonWriter? writer)
    {
        if (data is string text)
        {
            Encoding.UTF8.GetBytes(text, buffer);
            return;
        }

        if (writer is null)
        {
            // Indentation and encoder are the writer's, not the serializer's (as for JSON responses); newlines of
            // indented JSON become several data lines, which the client joins again.
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true });
        }
        else
        {
            writer.Reset(buffer);
        }

        JsonSerializer.Serialize(writer, data, JsonTypes.For(options, data?.GetType() ?? typeof(T)));
        writer.Flush();
    }

    /// <summary>A comment every <paramref name="interval"/> the stream was silent; a failed write ends the whole stream.</summary>
    private static async Task SendHeartbeatsAsync(EventStreamBody body, TimeSpan interval, CancellationTokenSource stream, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                await body.HeartbeatAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The stream ended.
        }
        catch
        {
            // The connection is gone: stop the enumeration too, then let the failure surface.
            await stream.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
