using System.Buffers;
using System.Text;
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

    [TestCase("x\r\nhello\r\n0\r\n\r\n", TestName = "Non_hex_chunk_size_is_rejected")]
    [TestCase("\r\nhello\r\n0\r\n\r\n", TestName = "Empty_chunk_size_is_rejected")]
    [TestCase("5\nhello\r\n0\r\n\r\n", TestName = "Bare_LF_after_chunk_size_is_rejected")]
    [TestCase("5\r\nhelloXX0\r\n\r\n", TestName = "Missing_CRLF_after_chunk_data_is_rejected")]
    [TestCase("5x\r\nhello\r\n0\r\n\r\n", TestName = "Garbage_after_chunk_size_is_rejected")]
    [TestCase("fffffffffffffffff\r\n", TestName = "Chunk_size_overflow_is_rejected")]
    [TestCase("0\r\nBad Trailer\r\n\r\n", TestName = "Malformed_trailer_is_rejected")]
    [TestCase("-5\r\nhello\r\n0\r\n\r\n", TestName = "Negative_chunk_size_is_rejected")]
    public void Invalid_chunk_framing_throws_400(string framed)
    {
        var input = Encoding.ASCII.GetBytes(framed);
        var exception = Assert.Throws<BadHttpRequestException>(() => Decode(input, input.Length));
        Assert.That(exception!.StatusCode, Is.EqualTo(400));
        Assert.That(exception.Message, Does.StartWith("Invalid chunked request body"));
    }

    [Test]
    public void Oversized_trailer_section_is_rejected()
    {
        var input = Encoding.ASCII.GetBytes("0\r\nX: " + new string('a', 2000) + "\r\n\r\n");
        Assert.Throws<BadHttpRequestException>(() => Decode(input, input.Length));
    }
}
