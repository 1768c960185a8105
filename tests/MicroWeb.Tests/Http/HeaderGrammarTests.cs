using MicroWeb.Http;

namespace MicroWeb.Tests.Http;

/// <summary>The shared field grammar, checked for every byte against the RFC definitions written out independently.</summary>
public class HeaderGrammarTests
{
    // RFC 9110 §5.6.2 tchar, spelled out from the ABNF rather than copied from the implementation.
    private static bool IsTchar(int c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
        || "!#$%&'*+-.^_`|~".Contains((char)c);

    [Test]
    public void Token_characters_are_exactly_tchar()
    {
        for (var c = 0; c < 256; c++)
        {
            var expected = IsTchar(c);
            Assert.That(HeaderGrammar.IsToken([(byte)c]), Is.EqualTo(expected), $"byte 0x{c:X2}");
            Assert.That(HeaderGrammar.IsToken([(char)c]), Is.EqualTo(expected), $"char U+{c:X4}");
        }
        Assert.That(HeaderGrammar.IsToken(ReadOnlySpan<byte>.Empty), Is.False, "a token has at least one tchar");
        Assert.That(HeaderGrammar.IsToken("Content-Type"), Is.True);
        Assert.That(HeaderGrammar.IsToken("Content Type"), Is.False);
        Assert.That(HeaderGrammar.IsToken("caf\u00e9"), Is.False, "non-ASCII is not a tchar");
    }

    [TestCase("GET /", 3)]
    [TestCase("chunk-ext=1", 9)]
    [TestCase(";x", 0)]
    [TestCase("token", 5)]
    [TestCase("", 0)]
    public void Token_length_stops_at_the_first_non_tchar(string text, int expected) =>
        Assert.That(HeaderGrammar.TokenLength(System.Text.Encoding.ASCII.GetBytes(text)), Is.EqualTo(expected));

    [Test]
    public void Field_value_bytes_are_vchar_obs_text_space_and_tab()
    {
        for (var b = 0; b < 256; b++)
        {
            // RFC 9110 §5.5: field-vchar = VCHAR / obs-text, plus SP and HTAB inside a value.
            var expected = b is >= 0x21 and <= 0x7E or >= 0x80 or 0x20 or 0x09;
            Assert.That(HeaderGrammar.IsFieldValueByte((byte)b), Is.EqualTo(expected), $"byte 0x{b:X2}");
            Assert.That(HeaderGrammar.IsFieldValue([(byte)'a', (byte)b, (byte)'z']), Is.EqualTo(expected), $"byte 0x{b:X2} in a value");
        }
        Assert.That(HeaderGrammar.IsFieldValue(ReadOnlySpan<byte>.Empty), Is.True, "an empty value is valid");
    }

    [Test]
    public void Sendable_field_values_are_ascii_without_controls()
    {
        for (var c = 0; c < 0x100; c++)
        {
            var expected = c is >= 0x20 and <= 0x7E or 0x09;
            Assert.That(HeaderGrammar.IsSendableFieldValue([(char)c]), Is.EqualTo(expected), $"U+{c:X4}");
        }
    }

    [Test]
    public void Hex_decoding_accepts_both_cases_and_nothing_else()
    {
        for (var c = 0; c < 256; c++)
        {
            var expected = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : -1;
            Assert.That(HeaderGrammar.HexValue(c), Is.EqualTo(expected), $"0x{c:X2}");
            Assert.That(HeaderGrammar.IsHexDigit(c), Is.EqualTo(expected >= 0));
        }
        for (var v = 0; v < 16; v++) Assert.That(HeaderGrammar.UpperHexDigit(v), Is.EqualTo(v.ToString("X")[0]));
    }

    [TestCase("application/json", "application/json")]
    [TestCase("application/json; charset=utf-8", "application/json")]
    [TestCase(" \tText/HTML \t;q=1", "Text/HTML")]
    [TestCase("multipart/form-data;boundary=x", "multipart/form-data")]
    [TestCase(";charset=utf-8", "")]
    [TestCase("", "")]
    public void The_media_type_is_the_part_before_the_parameters_without_ows(string contentType, string expected) =>
        Assert.That(HeaderGrammar.MediaType(contentType).ToString(), Is.EqualTo(expected));

    [Test]
    public void Media_types_compare_without_case_or_parameters()
    {
        Assert.That(HeaderGrammar.IsMediaType("Application/JSON; charset=utf-8", "application/json"), Is.True);
        Assert.That(HeaderGrammar.IsMediaType("application/jsonp", "application/json"), Is.False);
        Assert.That(HeaderGrammar.IsMediaType("text/plain", "application/json"), Is.False);
    }
}
