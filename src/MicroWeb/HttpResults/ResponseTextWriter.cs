using System.Text;

namespace MicroWeb.HttpResults;

/// <summary>
/// A <see cref="TextWriter"/> that encodes straight into a response body as UTF-8, so a view streams into
/// the response instead of being built as one string first. One instance per thread is reused (rendering
/// is synchronous), so a render allocates nothing here.
/// </summary>
/// <remarks>
/// The response holds back up to <see cref="ServerOptions.ResponseBufferSize"/> bytes before sending
/// headers, so a template error in a page of that size still becomes a clean error response. Its writes are
/// the body's synchronous ones, which never wait for the socket (<see cref="Http.HttpResponseOutput.Write"/>).
/// </remarks>
internal sealed class ResponseTextWriter : TextWriter
{
    [ThreadStatic]
    private static ResponseTextWriter? t_cached;

    private readonly Encoder _encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetEncoder();
    private readonly byte[] _bytes = new byte[4096];
    private Stream _body = Stream.Null;

    private ResponseTextWriter() : base(System.Globalization.CultureInfo.InvariantCulture) { }

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Takes this thread's writer, pointed at <paramref name="body"/>; hand it back with <see cref="Return"/>.</summary>
    public static ResponseTextWriter Rent(Stream body)
    {
        var writer = t_cached ?? new ResponseTextWriter();
        t_cached = null;
        writer._body = body;
        writer._encoder.Reset();
        return writer;
    }

    /// <summary>Flushes any pending partial character and returns the writer to this thread's cache.</summary>
    public static void Return(ResponseTextWriter writer)
    {
        writer._body = Stream.Null;
        t_cached = writer;
    }

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> chars)
    {
        while (!chars.IsEmpty)
        {
            _encoder.Convert(chars, _bytes, flush: false, out var used, out var written, out _);
            _body.Write(_bytes, 0, written);
            chars = chars[used..];
        }
    }

    /// <summary>Ends the text: writes out a dangling high surrogate as U+FFFD rather than dropping it.</summary>
    public void Complete()
    {
        _encoder.Convert(ReadOnlySpan<char>.Empty, _bytes, flush: true, out _, out var written, out _);
        if (written > 0) _body.Write(_bytes, 0, written);
    }
}
