using System.Buffers;

namespace MicroWeb.Http;

/// <summary>
/// The one home of the HTTP field grammar every reader and writer shares (RFC 9110 §5): tokens, field values,
/// hex digits and the media type of a Content-Type. Each character class is defined once, as
/// <see cref="SearchValues{T}"/>, so checks over a span are vectorised.
/// </summary>
internal static class HeaderGrammar
{
    // RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
    private const string TokenCharacters = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly SearchValues<byte> s_tokenBytes = SearchValues.Create(System.Text.Encoding.ASCII.GetBytes(TokenCharacters));
    private static readonly SearchValues<char> s_tokenChars = SearchValues.Create(TokenCharacters);

    // RFC 9110 §5.5: field-value bytes are VCHAR, obs-text (0x80-0xFF), SP and HTAB; these are the others (CTLs but HTAB, and DEL).
    private static readonly SearchValues<byte> s_nonFieldValueBytes = SearchValues.Create(
        "\0\x01\x02\x03\x04\x05\x06\x07\x08\x0A\x0B\x0C\x0D\x0E\x0F\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1A\x1B\x1C\x1D\x1E\x1F\x7F"u8);

    // What a field value set by code may hold: HTAB, SP and visible ASCII. RFC 9110 §5.5 also allows obs-text
    // (0x80-0xFF), but a char above 0x7E has no single-byte form the writer could send, and CR, LF or NUL would
    // end or split the field (response splitting).
    private static readonly SearchValues<char> s_sendableValueChars = SearchValues.Create(
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>token = 1*tchar (RFC 9110 §5.6.2): a method, a field name, a cookie name, a chunk-extension name.</summary>
    public static bool IsToken(ReadOnlySpan<byte> value) => !value.IsEmpty && !value.ContainsAnyExcept(s_tokenBytes);

    /// <inheritdoc cref="IsToken(ReadOnlySpan{byte})"/>
    public static bool IsToken(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExcept(s_tokenChars);

    /// <summary>How many bytes at the start of <paramref name="value"/> are tchars (0 when it does not start with a token).</summary>
    public static int TokenLength(ReadOnlySpan<byte> value)
    {
        var end = value.IndexOfAnyExcept(s_tokenBytes);
        return end < 0 ? value.Length : end;
    }

    /// <summary>A field-value byte (RFC 9110 §5.5): visible ASCII, obs-text, SP and HTAB; no CR, LF, NUL or other controls.</summary>
    public static bool IsFieldValueByte(byte b) => !s_nonFieldValueBytes.Contains(b);

    /// <summary>Whether every byte of <paramref name="value"/> may stand in a received field value (RFC 9110 §5.5).</summary>
    public static bool IsFieldValue(ReadOnlySpan<byte> value) => !value.ContainsAny(s_nonFieldValueBytes);

    /// <summary>
    /// Whether a field value set by code can be sent as is: HTAB, SP and visible ASCII only (RFC 9110 §5.5 without
    /// obs-text, which a <see cref="char"/> above U+007E has no single-byte form for).
    /// </summary>
    public static bool IsSendableFieldValue(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(s_sendableValueChars);

    /// <summary>The value of a hex digit (RFC 5234 HEXDIG, either case), or -1 when <paramref name="c"/> is not one.</summary>
    public static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Whether <paramref name="c"/> is a hex digit.</summary>
    public static bool IsHexDigit(int c) => HexValue(c) >= 0;

    /// <summary>The upper-case hex digit for 0–15, as percent-encoding writes it (RFC 3986 §2.1).</summary>
    public static char UpperHexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    /// <summary>
    /// The media type of a Content-Type value (RFC 9110 §8.3.1): the part before the first <c>;</c>, without the
    /// optional white space (SP, HTAB; §5.6.3) around it. Compare it case-insensitively (§8.3.1).
    /// </summary>
    public static ReadOnlySpan<char> MediaType(ReadOnlySpan<char> contentType)
    {
        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim(" \t");
    }

    /// <summary>Whether the media type of <paramref name="contentType"/> is <paramref name="mediaType"/>, ignoring case and parameters.</summary>
    public static bool IsMediaType(ReadOnlySpan<char> contentType, string mediaType) =>
        MediaType(contentType).Equals(mediaType, StringComparison.OrdinalIgnoreCase);
}
