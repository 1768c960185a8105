using System.Buffers;
using System.Text.Json;
using MicroWeb.Http;

namespace MicroWeb.HttpResults;

/// <summary>
/// Serializes a value into a pooled buffer with a reused <see cref="Utf8JsonWriter"/> and hands the bytes
/// to the response in one write: no intermediate string, and no per-request writer or buffer allocation
/// once a thread has served one JSON response.
/// </summary>
internal sealed class JsonResponseWriter : IBufferWriter<byte>
{
    /// <summary>Buffers above this size go back to the pool after use instead of staying cached on the thread.</summary>
    private const int MaxCachedSize = 64 * 1024;

    [ThreadStatic]
    private static JsonResponseWriter? t_cached;

    private Utf8JsonWriter? _writer;
    private JsonSerializerOptions? _writerOptions;
    private byte[] _buffer = [];
    private int _written;

    /// <summary>
    /// Serializes <paramref name="value"/> as <paramref name="type"/>, through the type information of
    /// <paramref name="options"/>' resolvers, and writes it to the response body.
    /// </summary>
    /// <exception cref="InvalidOperationException">No resolver knows <paramref name="type"/> (a trimmed or Native AOT app without it in its context).</exception>
    public static ValueTask WriteAsync(HttpResponse response, object? value, Type type, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var typeInfo = JsonTypes.For(options, type);
        // Taken off the thread while in use, so an await (or a nested serialization) never shares it.
        var buffer = t_cached ?? new JsonResponseWriter();
        t_cached = null;
        ValueTask write;
        try
        {
            var writer = buffer.WriterFor(options);
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
            write = response.WriteAsync(buffer._buffer.AsMemory(0, buffer._written), cancellationToken);
        }
        catch
        {
            buffer.Release();
            throw;
        }

        if (write.IsCompletedSuccessfully)
        {
            buffer.Release();
            return ValueTask.CompletedTask;
        }

        return AwaitAndRelease(write, buffer);
    }

    private static async ValueTask AwaitAndRelease(ValueTask write, JsonResponseWriter buffer)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            buffer.Release();
        }
    }

    /// <summary>
    /// A writer honouring <paramref name="options"/>' indentation and encoder, which
    /// <see cref="JsonSerializer"/> takes from the writer rather than from the options.
    /// </summary>
    private Utf8JsonWriter WriterFor(JsonSerializerOptions options)
    {
        if (_writer is not null && ReferenceEquals(_writerOptions, options))
        {
            _writer.Reset(this);
            return _writer;
        }

        _writerOptions = options;
        return _writer = new Utf8JsonWriter(this, new JsonWriterOptions
        {
            Encoder = options.Encoder,
            Indented = options.WriteIndented,
            IndentCharacter = options.IndentCharacter,
            IndentSize = options.IndentSize,
            NewLine = options.NewLine,
            SkipValidation = true,
        });
    }

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(_buffer.Length * 2, 512)));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }

    private void Release()
    {
        _written = 0;
        if (_buffer.Length > MaxCachedSize)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        t_cached = this;
    }
}
