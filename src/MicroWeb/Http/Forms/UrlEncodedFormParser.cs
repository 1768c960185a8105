using MicroWeb.Http.Query;

namespace MicroWeb.Http.Forms;

/// <summary>
/// Parses an application/x-www-form-urlencoded body fed in pieces of any size, as they arrive; it does no
/// I/O. Each pair is held only until its terminating <c>&amp;</c>, so memory is bounded by
/// <see cref="FormOptions.KeyLengthLimit"/> + <see cref="FormOptions.ValueLengthLimit"/>, not by the body.
/// </summary>
internal sealed class UrlEncodedFormParser(FormOptions options) : IDisposable
{
    private readonly StringValuesMapBuilder _fields = new();

    // The current pair's raw bytes: the name, then (once '=' was seen) the value.
    private readonly PooledByteBuffer _pair = new();

    // Where the value starts in _pair; -1 while the name is still being read.
    private int _nameLength = -1;

    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var stop = _nameLength < 0 ? data.IndexOfAny((byte)'&', (byte)'=') : data.IndexOf((byte)'&');
            var run = stop < 0 ? data : data[..stop];
            CheckLength(run.Length);
            _pair.Append(run);
            if (stop < 0)
                return;

            if (data[stop] == '=')
                _nameLength = _pair.Length;
            else
                EndPair();
            data = data[(stop + 1)..];
        }
    }

    /// <summary>Ends the body: the last pair needs no trailing <c>&amp;</c>.</summary>
    public FormCollection Complete()
    {
        EndPair();
        return _fields.ValueCount == 0 ? FormCollection.Empty : new FormCollection(_fields.Build(), []);
    }

    public void Dispose() => _pair.Dispose();

    private void CheckLength(int adding)
    {
        if (_nameLength < 0)
        {
            if (_pair.Length + adding > options.KeyLengthLimit)
                throw FormErrors.LimitExceeded("A form field name", nameof(FormOptions.KeyLengthLimit), options.KeyLengthLimit);
        }
        else if (_pair.Length - _nameLength + adding > options.ValueLengthLimit)
        {
            throw FormErrors.LimitExceeded("A form field value", nameof(FormOptions.ValueLengthLimit), options.ValueLengthLimit);
        }
    }

    private void EndPair()
    {
        // "a&&b" and a trailing '&' leave empty pairs; browsers skip them, and so do we.
        if (_nameLength < 0 && _pair.Length == 0)
            return;
        if (_fields.ValueCount >= options.ValueCountLimit)
            throw FormErrors.LimitExceeded("The number of form values", nameof(FormOptions.ValueCountLimit), options.ValueCountLimit);

        var pair = _pair.Written;
        var nameLength = _nameLength < 0 ? pair.Length : _nameLength;
        var name = UrlDecoder.Decode(pair[..nameLength], plusIsSpace: true);
        var value = UrlDecoder.Decode(pair[nameLength..], plusIsSpace: true);
        _fields.Add(name, value);
        _pair.Clear();
        _nameLength = -1;
    }
}
