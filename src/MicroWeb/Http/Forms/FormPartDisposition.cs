using System.Text;
using MicroWeb.Http.Query;

namespace MicroWeb.Http.Forms;

/// <summary>
/// The Content-Disposition of one multipart/form-data part (RFC 7578 §4.2): the field name and, for a
/// file, its client-side file name. <c>filename*</c> (RFC 8187, formerly RFC 5987) wins over
/// <c>filename</c> when both are present and it decodes.
/// </summary>
internal sealed class FormPartDisposition
{
    private FormPartDisposition(string name, string? fileName)
    {
        Name = name;
        FileName = fileName;
    }

    public string Name { get; }

    /// <summary>The file name, or null for a plain field. An empty <c>filename=""</c> is what a browser sends
    /// for a file input left empty, so it counts as a field with an empty value, as in ASP.NET Core.</summary>
    public string? FileName { get; }

    /// <summary>Parses the header; throws 400 when it is missing, not form-data, or has no name.</summary>
    public static FormPartDisposition Parse(string? header)
    {
        if (header is null)
            throw FormErrors.Malformed("A multipart/form-data part has no Content-Disposition header (RFC 7578 §4.2).");
        if (!ParameterizedHeaderValue.TryParse(header, out var disposition)
            || !disposition.Value.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            throw FormErrors.Malformed("A multipart/form-data part's Content-Disposition is not 'form-data; name=...' (RFC 7578 §4.2).");

        var name = disposition.GetParameter("name")
            ?? throw FormErrors.Malformed("A multipart/form-data part's Content-Disposition has no name parameter (RFC 7578 §4.2).");
        var fileName = DecodeExtendedValue(disposition.GetParameter("filename*")) ?? disposition.GetParameter("filename");
        return new FormPartDisposition(name, string.IsNullOrEmpty(fileName) ? null : fileName);
    }

    // RFC 8187 §3.2.1: ext-value = charset "'" [ language ] "'" value-chars, where value-chars are
    // percent-encoded bytes ('+' is literal). Recipients must support UTF-8 and ISO-8859-1; anything else,
    // or a malformed value, yields null so the plain filename parameter is used instead.
    private static string? DecodeExtendedValue(string? extended)
    {
        if (extended is null)
            return null;
        var firstQuote = extended.IndexOf('\'');
        var secondQuote = firstQuote < 0 ? -1 : extended.IndexOf('\'', firstQuote + 1);
        if (secondQuote < 0)
            return null;

        var charset = extended.AsSpan(0, firstQuote);
        var encoding = charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8
            : charset.Equals("ISO-8859-1", StringComparison.OrdinalIgnoreCase) ? Encoding.Latin1
            : null;
        if (encoding is null)
            return null;

        var encoded = extended.AsSpan(secondQuote + 1);
        if (!System.Text.Ascii.IsValid(encoded))
            return null;
        var bytes = encoded.Length <= 256 ? stackalloc byte[encoded.Length] : new byte[encoded.Length];
        Encoding.ASCII.GetBytes(encoded, bytes);
        var length = UrlDecoder.DecodeInPlace(bytes, plusIsSpace: false);
        return encoding.GetString(bytes[..length]);
    }
}
