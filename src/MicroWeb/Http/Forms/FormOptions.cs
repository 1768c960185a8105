namespace MicroWeb;

/// <summary>
/// Limits applied while reading a form body. Every limit is checked as the bytes arrive, before the work
/// they would cause, so an oversized form is refused without being buffered. A body over a limit is
/// answered with 413 (Content Too Large), except <see cref="MultipartBoundaryLengthLimit"/>, which guards
/// the Content-Type header rather than the body and is answered with 400.
/// </summary>
public sealed class FormOptions
{
    private int _valueCountLimit = 1024;
    private int _keyLengthLimit = 2048;
    private int _valueLengthLimit = 4 * 1024 * 1024;
    private int _multipartBoundaryLengthLimit = 128;
    private int _multipartHeadersCountLimit = 16;
    private int _multipartHeadersLengthLimit = 16 * 1024;
    private long _multipartBodyLengthLimit = 128L * 1024 * 1024;
    private int _memoryBufferThreshold = 64 * 1024;

    /// <summary>The most values (fields plus files, each repetition of a name counted) one form may hold. Default 1024.</summary>
    public int ValueCountLimit { get => _valueCountLimit; set => _valueCountLimit = Positive(value); }

    /// <summary>The longest field name, in bytes as sent (before percent-decoding). Default 2048.</summary>
    public int KeyLengthLimit { get => _keyLengthLimit; set => _keyLengthLimit = Positive(value); }

    /// <summary>
    /// The longest field value, in bytes as sent (before percent-decoding). Files are not field values;
    /// they are bounded by <see cref="MultipartBodyLengthLimit"/>. Default 4 MiB.
    /// </summary>
    public int ValueLengthLimit { get => _valueLengthLimit; set => _valueLengthLimit = Positive(value); }

    /// <summary>
    /// The longest multipart boundary accepted from the Content-Type header. RFC 2046 allows 70 characters;
    /// the slack admits clients that exceed it without letting a huge boundary slow every search. Default 128.
    /// </summary>
    public int MultipartBoundaryLengthLimit { get => _multipartBoundaryLengthLimit; set => _multipartBoundaryLengthLimit = Positive(value); }

    /// <summary>The most header lines one multipart part may have. Default 16.</summary>
    public int MultipartHeadersCountLimit { get => _multipartHeadersCountLimit; set => _multipartHeadersCountLimit = Positive(value); }

    /// <summary>The most bytes of header lines (without their line breaks) one multipart part may have. Default 16 KiB.</summary>
    public int MultipartHeadersLengthLimit { get => _multipartHeadersLengthLimit; set => _multipartHeadersLengthLimit = Positive(value); }

    /// <summary>
    /// The most bytes a whole multipart body may have, preamble, part headers and files included. It also
    /// caps the temporary disk space one request can take. Default 128 MiB.
    /// </summary>
    public long MultipartBodyLengthLimit { get => _multipartBodyLengthLimit; set => _multipartBodyLengthLimit = Positive(value); }

    /// <summary>
    /// The size up to which an uploaded file is kept in memory; a larger one is written to a temporary
    /// file that is deleted when the form is disposed at the end of the request. Default 64 KiB.
    /// </summary>
    public int MemoryBufferThreshold { get => _memoryBufferThreshold; set => _memoryBufferThreshold = Positive(value); }

    private static T Positive<T>(T value) where T : System.Numerics.INumber<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
        return value;
    }
}
