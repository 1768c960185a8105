using System.Buffers;
using System.Text;
using MicroWeb.Http.Parsing;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Http.Parsing;

public class ChunkedDecoderTests
{
    /// <summary>Feeds the decoder like the body stream does: growing buffers, advancing past what it consumed.</summary>
    private static (string Body, int Consumed) Decode(byte[] input, int splitAt)
    {
        var decoder = new ChunkedDecoder(maxTrailerBytes: 1024);
        var body = new StringBuilder();
        var offset = 0;
        var available = Math.Min(splitAt, input.Length);
        while (true)
        {
            var buffer = ParserHarness.Segmented(input[offset..available]);
            var status = decoder.Decode(buffer, out var consumed, out var data);
            offset += (int)buffer.Slice(0, consumed).Length;
            if (status == ChunkedStatus.Done) return (body.ToString(), offset);
            if (status == ChunkedStatus.Data)
            {
                body.Append(Encoding.ASCII.GetString(data.ToArray()));
                decoder.DataConsumed(data.Length);
                offset += (int)data.Length;
                continue;
            }
            if (available == input.Length) throw new InvalidOperationException("decoder wants more data at the end of input");
            available = input.Length;
        }
    }

    [TestCase("5\r\nhello\r\n0\r\n\r\n", "hello")]
    [TestCase("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world")]
    [TestCase("A;name=value\r\n0123456789\r\n0;last\r\n\r\n", "0123456789")]
    [TestCase("a\r\n0123456789\r\n0\r\nX-Trailer: yes\r\nOther: 1\r\n\r\n", "0123456789")]
    [TestCase("0\r\n\r\n", "")]
    [TestCase("5 ;ext\r\nhello\r\n0\r\n\r\n", "hello")]
    [TestCase("5 ; a = b ;c;d=\"q \\\" ;x\"\t\r\nhello\r\n0\r\n\r\n", "hello")]
    public void Chunked_body_decodes_identically_at_every_split(string framed, string expected)
    {
        var input = Encoding.ASCII.GetBytes(framed + "NEXT");
        for (var split = 0; split <= input.Length; split++)
        {
            var (body, consumed) = Decode(input, split);
            Assert.That(body, Is.EqualTo(expected), $"split at {split}");
            Assert.That(consumed, Is.EqualTo(framed.Length), $"split at {split}: stops before the next request");
        }
    }

    [TestCase("x\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.InvalidChunkSize), TestName = "Non_hex_chunk_size_is_rejected")]
    [TestCase("\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.InvalidChunkSize), TestName = "Empty_chunk_size_is_rejected")]
    [TestCase("5\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.BareLineFeed), TestName = "Bare_LF_after_chunk_size_is_rejected")]
    [TestCase("5;ext\nabc\r\n0\r\n\r\n", nameof(RequestRejectionReason.BareLineFeed), TestName = "Bare_LF_after_chunk_extension_is_rejected")]
    [TestCase("5;a=\"x\"\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.BareLineFeed), TestName = "Bare_LF_after_quoted_chunk_extension_is_rejected")]
    [TestCase("5\r\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.BareCarriageReturn), TestName = "Lone_CR_before_chunk_size_CRLF_is_rejected")]
    [TestCase("5\rX\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.BareCarriageReturn), TestName = "Lone_CR_inside_chunk_size_line_is_rejected")]
    [TestCase("5;a\rb\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.BareCarriageReturn), TestName = "Lone_CR_inside_chunk_extension_is_rejected")]
    [TestCase("0\nX: y\r\n\r\n", nameof(RequestRejectionReason.BareLineFeed), TestName = "Bare_LF_after_last_chunk_size_is_rejected")]
    [TestCase("0\r\nX: y\n\r\n", nameof(RequestRejectionReason.BareLineFeed), TestName = "Bare_LF_ending_a_trailer_field_is_rejected")]
    [TestCase("0\r\nX: y\r\n\n", nameof(RequestRejectionReason.BareLineFeed), TestName = "Bare_LF_ending_the_trailer_section_is_rejected")]
    [TestCase("0\r\n\n", nameof(RequestRejectionReason.BareLineFeed), TestName = "Bare_LF_as_the_empty_trailer_line_is_rejected")]
    [TestCase("0\r\nX: a\rb\r\n\r\n", nameof(RequestRejectionReason.BareCarriageReturn), TestName = "Lone_CR_inside_a_trailer_field_is_rejected")]
    [TestCase("5\r\nhelloXX0\r\n\r\n", nameof(RequestRejectionReason.ChunkDataNotTerminated), TestName = "Missing_CRLF_after_chunk_data_is_rejected")]
    [TestCase("5\r\nhello\n0\r\n\r\n", nameof(RequestRejectionReason.ChunkDataNotTerminated), TestName = "Bare_LF_after_chunk_data_is_rejected")]
    [TestCase("5x\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.InvalidChunkSize), TestName = "Garbage_after_chunk_size_is_rejected")]
    [TestCase("fffffffffffffffff\r\n", nameof(RequestRejectionReason.InvalidChunkSize), TestName = "Chunk_size_overflow_is_rejected")]
    [TestCase("-5\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.InvalidChunkSize), TestName = "Negative_chunk_size_is_rejected")]
    [TestCase("5;\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.InvalidChunkExtension), TestName = "Bare_semicolon_extension_is_rejected")]
    [TestCase("5;a=\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.InvalidChunkExtension), TestName = "Extension_with_empty_value_is_rejected")]
    [TestCase("5;a(b\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.InvalidChunkExtension), TestName = "Extension_name_that_is_not_a_token_is_rejected")]
    [TestCase("5;a=\"unterminated\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.InvalidChunkExtension), TestName = "Unterminated_quoted_extension_value_is_rejected")]
    [TestCase("5;a=\"x\"y\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.InvalidChunkExtension), TestName = "Garbage_after_quoted_extension_value_is_rejected")]
    [TestCase("5;a=b c\r\nhello\r\n0\r\n\r\n", nameof(RequestRejectionReason.InvalidChunkExtension), TestName = "Two_extension_values_are_rejected")]
    [TestCase("0\r\nBad Trailer\r\n\r\n", nameof(RequestRejectionReason.InvalidTrailer), TestName = "Malformed_trailer_is_rejected")]
    [TestCase("0\r\n X: folded\r\n\r\n", nameof(RequestRejectionReason.InvalidTrailer), TestName = "Folded_trailer_is_rejected")]
    public void Invalid_chunk_framing_throws_its_reason(string framed, string expected)
    {
        var input = Encoding.ASCII.GetBytes(framed);
        var exception = Assert.Throws<BadHttpRequestException>(() => Decode(input, input.Length));
        Assert.That(exception!.Reason.ToString(), Is.EqualTo(expected));
        Assert.That(exception.StatusCode, Is.EqualTo(400));
        Assert.That(exception.Message, Is.EqualTo(RequestRejection.Message(exception.Reason)));
    }

    [Test]
    public void Chunk_size_line_over_4_KiB_is_rejected_before_its_end()
    {
        var input = Encoding.ASCII.GetBytes("5;a=" + new string('b', 5000));
        var exception = Assert.Throws<BadHttpRequestException>(() => Decode(input, input.Length));
        Assert.That(exception!.Reason, Is.EqualTo(RequestRejectionReason.ChunkSizeLineTooLong));
    }

    [Test]
    public void Oversized_trailer_section_is_rejected()
    {
        var input = Encoding.ASCII.GetBytes("0\r\nX: " + new string('a', 2000) + "\r\n\r\n");
        var exception = Assert.Throws<BadHttpRequestException>(() => Decode(input, input.Length));
        Assert.That(exception!.Reason, Is.EqualTo(RequestRejectionReason.TrailersTooLarge));
        Assert.That(exception.StatusCode, Is.EqualTo(431));
    }
}
