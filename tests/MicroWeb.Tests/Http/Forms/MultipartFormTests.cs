using System.Text;
using MicroWeb.Http.Forms;

namespace MicroWeb.Tests.Http.Forms;

public class MultipartFormTests
{
    private const string Boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    private const string ContentType = "multipart/form-data; boundary=" + Boundary;

    private static string Body(params string[] parts) =>
        string.Concat(parts.Select(part => $"--{Boundary}\r\n{part}\r\n")) + $"--{Boundary}--\r\n";

    private static string Field(string name, string value) =>
        $"Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}";

    private static string File(string name, string fileName, string content, string contentType = "text/plain") =>
        $"Content-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: {contentType}\r\n\r\n{content}";

    private static Task<FormCollection> Read(byte[] body, FormOptions? options = null, string contentType = ContentType) =>
        FormReader.ReadAsync(new MemoryStream(body), contentType, options ?? new FormOptions(), CancellationToken.None);

    private static Task<FormCollection> Read(string body, FormOptions? options = null, string contentType = ContentType) =>
        Read(Encoding.UTF8.GetBytes(body), options, contentType);

    private static async Task<string> ReadText(FormFile file)
    {
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static async Task<BadHttpRequestException> Rejects(string body, FormOptions? options = null, string contentType = ContentType) =>
        (await Assert.ThrowsAsync<BadHttpRequestException>(() => Read(body, options, contentType)))!;

    [Test]
    public async Task Multipart_parses_fields_and_files()
    {
        string body = Body(
            Field("title", "Hello, wörld"),
            File("upload", "notes.txt", "line one\r\nline two"),
            Field("Title", "again"));

        using var form = await Read(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(form["title"].ToArray(), Is.EqualTo(new[] { "Hello, wörld", "again" }));
            Assert.That(form.Files, Has.Count.EqualTo(1));
            FormFile file = form.GetFile("UPLOAD")!;
            Assert.That(file.Name, Is.EqualTo("upload"));
            Assert.That(file.FileName, Is.EqualTo("notes.txt"));
            Assert.That(file.ContentType, Is.EqualTo("text/plain"));
            Assert.That(file.Length, Is.EqualTo(18));
            Assert.That(file.Headers["content-type"].ToString(), Is.EqualTo("text/plain"));
            Assert.That(await ReadText(file), Is.EqualTo("line one\r\nline two"));
            Assert.That(form.GetFile("title"), Is.Null);
        }
    }

    [Test]
    public async Task Multipart_parses_identically_when_the_body_arrives_one_byte_at_a_time()
    {
        string body = "preamble to ignore\r\n" + Body(
            Field("a", "1"),
            File("f", "x.bin", "--" + Boundary.Substring(0, 10) + " almost a boundary\r\n--"),
            Field("b", "")) + "epilogue to ignore";
        byte[] bytes = Encoding.UTF8.GetBytes(body);

        using var whole = await Read(bytes);
        var trickle = new OneByteAtATimeStream(bytes);
        using var trickled = await FormReader.ReadAsync(trickle, ContentType, new FormOptions(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            // One read per byte up to the end of the close delimiter; what follows it is never read.
            Assert.That(trickle.Reads, Is.EqualTo(body.IndexOf($"--{Boundary}--", StringComparison.Ordinal) + Boundary.Length + 4));
            Assert.That(trickled.Select(p => $"{p.Key}={p.Value}"), Is.EqualTo(whole.Select(p => $"{p.Key}={p.Value}")));
            Assert.That(trickled.Select(p => $"{p.Key}={p.Value}"), Is.EqualTo(new[] { "a=1", "b=" }));
            Assert.That(await ReadText(trickled.Files[0]), Is.EqualTo(await ReadText(whole.Files[0])));
            Assert.That(await ReadText(trickled.Files[0]), Is.EqualTo("--" + Boundary.Substring(0, 10) + " almost a boundary\r\n--"));
        }
    }

    [Test]
    public async Task File_over_the_memory_threshold_is_spilled_to_a_temp_file_deleted_on_dispose()
    {
        var content = new byte[200_000];
        new Random(42).NextBytes(content);
        byte[] body =
        [
            .. Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"big\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"),
            .. content,
            .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"),
        ];

        var form = await Read(body);
        FormFile file = form.Files[0];
        string? path = file.Content.SpillPath;

        var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(path, Is.Not.Null);
            Assert.That(System.IO.File.Exists(path), Is.True);
            Assert.That(file.Length, Is.EqualTo(content.Length));
            // SequenceEqual: NUnit's element-wise comparison of 200 KB takes seconds.
            Assert.That(copy.ToArray().AsSpan().SequenceEqual(content), Is.True);
        }

        form.Dispose();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(System.IO.File.Exists(path), Is.False);
            Assert.That(() => file.OpenReadStream(), Throws.TypeOf<ObjectDisposedException>());
        }
    }

    [Test]
    public async Task File_within_the_memory_threshold_stays_in_memory()
    {
        using var form = await Read(Body(File("f", "a.txt", new string('x', 1000))));

        Assert.That(form.Files[0].Content.SpillPath, Is.Null);
    }

    [Test]
    public async Task Spilled_file_can_be_read_by_several_streams_at_once()
    {
        using var form = await Read(Body(File("f", "a.txt", "0123456789")), new FormOptions { MemoryBufferThreshold = 4 });
        FormFile file = form.Files[0];

        await using Stream first = file.OpenReadStream();
        await using Stream second = file.OpenReadStream();
        first.Seek(5, SeekOrigin.Begin);
        var buffer = new byte[5];
        await first.ReadExactlyAsync(buffer);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(file.Content.SpillPath, Is.Not.Null);
            Assert.That(Encoding.ASCII.GetString(buffer), Is.EqualTo("56789"));
            Assert.That(await new StreamReader(second).ReadToEndAsync(), Is.EqualTo("0123456789"));
        }
    }

    [Test]
    public async Task Filename_star_wins_over_filename_and_decodes_utf8()
    {
        string part = "Content-Disposition: form-data; name=\"doc\"; filename=\"rates.txt\"; filename*=UTF-8''%E2%82%AC%20rates+2024.txt\r\n\r\nx";

        using var form = await Read(Body(part));

        Assert.That(form.Files[0].FileName, Is.EqualTo("€ rates+2024.txt"));
    }

    [TestCase("filename*=iso-8859-1'en'caf%E9.txt", "café.txt")]
    [TestCase("filename=\"fallback.txt\"; filename*=KOI8-R''x.txt", "fallback.txt")]
    [TestCase("filename=\"fallback.txt\"; filename*=no-quotes", "fallback.txt")]
    [TestCase("filename=\"Grüße.txt\"", "Grüße.txt")]
    [TestCase("filename=unquoted.txt", "unquoted.txt")]
    [TestCase("filename=\"say \\\"hi\\\".txt\"", "say \"hi\".txt")]
    public async Task File_names_are_decoded(string parameters, string expected)
    {
        using var form = await Read(Body($"Content-Disposition: form-data; name=\"f\"; {parameters}\r\n\r\nx"));

        Assert.That(form.Files[0].FileName, Is.EqualTo(expected));
    }

    [Test]
    public async Task File_without_content_type_defaults_to_octet_stream()
    {
        using var form = await Read(Body("Content-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\nx"));

        Assert.That(form.Files[0].ContentType, Is.EqualTo("application/octet-stream"));
    }

    [Test]
    public async Task Empty_file_input_is_a_field_not_a_file()
    {
        using var form = await Read(Body(File("avatar", "", "", "application/octet-stream")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(form.Files, Is.Empty);
            Assert.That(form.ContainsKey("avatar"), Is.True);
        }
    }

    [TestCase("multipart/form-data; boundary=\"" + Boundary + "\"")]
    [TestCase("Multipart/Form-Data;charset=utf-8;BOUNDARY=" + Boundary)]
    public async Task Boundary_may_be_quoted_and_parameters_in_any_case(string contentType)
    {
        using var form = await Read(Body(Field("a", "1")), contentType: contentType);

        Assert.That(form["a"].ToString(), Is.EqualTo("1"));
    }

    [Test]
    public async Task First_boundary_may_open_the_body_and_padding_may_follow_boundaries()
    {
        string body = $"--{Boundary} \t\r\n{Field("a", "1")}\r\n--{Boundary}--";

        using var form = await Read(body);

        Assert.That(form["a"].ToString(), Is.EqualTo("1"));
    }

    [Test]
    public async Task Body_with_only_the_close_delimiter_is_the_empty_form() =>
        Assert.That(await Read($"--{Boundary}--\r\n"), Is.SameAs(FormCollection.Empty));

    [TestCase("multipart/form-data", TestName = "Missing_boundary_is_400")]
    [TestCase("multipart/form-data; boundary=", TestName = "Empty_boundary_is_400")]
    [TestCase("multipart/form-data; boundary=café", TestName = "Non_ascii_boundary_is_400")]
    public async Task Unusable_boundary_is_400(string contentType)
    {
        var ex = await Rejects(Body(Field("a", "1")), contentType: contentType);

        Assert.That(ex.StatusCode, Is.EqualTo(400));
        Assert.That(ex.Message, Does.Contain("boundary"));
    }

    [Test]
    public async Task Content_type_with_an_unterminated_quote_is_415_as_its_media_type_is_unknown()
    {
        var ex = await Rejects(Body(Field("a", "1")), contentType: "multipart/form-data; boundary=\"unterminated");

        Assert.That(ex.StatusCode, Is.EqualTo(415));
    }

    [Test]
    public async Task Boundary_over_the_limit_is_400()
    {
        string boundary = new('b', 129);

        var ex = await Rejects($"--{boundary}--", contentType: "multipart/form-data; boundary=" + boundary);

        Assert.That(ex.StatusCode, Is.EqualTo(400));
        Assert.That(ex.Message, Does.Contain(nameof(FormOptions.MultipartBoundaryLengthLimit)));
    }

    [Test]
    public async Task Body_without_the_boundary_is_400()
    {
        var ex = await Rejects("just some bytes");

        Assert.That(ex.StatusCode, Is.EqualTo(400));
        Assert.That(ex.Message, Does.Contain("does not contain its boundary"));
    }

    [TestCase("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue without end", TestName = "Body_ending_inside_a_part_is_400")]
    [TestCase("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n", TestName = "Body_ending_inside_headers_is_400")]
    [TestCase("--" + Boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" + Boundary, TestName = "Body_ending_right_after_a_boundary_is_400")]
    public async Task Missing_final_boundary_is_400(string body)
    {
        var ex = await Rejects(body);

        Assert.That(ex.StatusCode, Is.EqualTo(400));
        Assert.That(ex.Message, Does.Contain("ended"));
    }

    [TestCase("Content-Type: text/plain\r\n\r\nx", "no Content-Disposition", TestName = "Part_without_content_disposition_is_400")]
    [TestCase("Content-Disposition: form-data; filename=\"a\"\r\n\r\nx", "no name", TestName = "Part_without_name_is_400")]
    [TestCase("Content-Disposition: attachment; name=\"a\"\r\n\r\nx", "not 'form-data", TestName = "Part_that_is_not_form_data_is_400")]
    [TestCase("no colon here\r\n\r\nx", "malformed header", TestName = "Part_header_without_colon_is_400")]
    [TestCase(" folded: header\r\n\r\nx", "malformed header", TestName = "Part_header_with_leading_space_is_400")]
    public async Task Malformed_part_is_400(string part, string reason)
    {
        var ex = await Rejects(Body(part));

        Assert.That(ex.StatusCode, Is.EqualTo(400));
        Assert.That(ex.Message, Does.Contain(reason));
    }

    [Test]
    public async Task Boundary_followed_by_other_text_is_400() =>
        Assert.That((await Rejects($"--{Boundary}\r\n{Field("a", "1")}\r\n--{Boundary}X\r\n")).StatusCode, Is.EqualTo(400));

    [Test]
    public async Task Part_headers_over_the_length_limit_are_413()
    {
        string part = $"Content-Disposition: form-data; name=\"a\"\r\nX-Long: {new string('h', 200)}\r\n\r\nx";

        var ex = await Rejects(Body(part), new FormOptions { MultipartHeadersLengthLimit = 100 });

        Assert.That(ex.StatusCode, Is.EqualTo(413));
        Assert.That(ex.Message, Does.Contain(nameof(FormOptions.MultipartHeadersLengthLimit)));
    }

    [Test]
    public async Task Unterminated_part_header_line_is_413_once_it_passes_the_limit()
    {
        string body = $"--{Boundary}\r\nX-Endless: {new string('h', 5000)}";

        var ex = await Rejects(body, new FormOptions { MultipartHeadersLengthLimit = 100 });

        Assert.That(ex.StatusCode, Is.EqualTo(413));
    }

    [Test]
    public async Task Too_many_part_headers_are_413()
    {
        string part = "Content-Disposition: form-data; name=\"a\"\r\nA: 1\r\nB: 2\r\n\r\nx";

        var ex = await Rejects(Body(part), new FormOptions { MultipartHeadersCountLimit = 2 });

        Assert.That(ex.StatusCode, Is.EqualTo(413));
        Assert.That(ex.Message, Does.Contain(nameof(FormOptions.MultipartHeadersCountLimit)));
    }

    [Test]
    public async Task Body_over_the_length_limit_is_413()
    {
        var ex = await Rejects(Body(File("f", "a.bin", new string('x', 2000))), new FormOptions { MultipartBodyLengthLimit = 1000 });

        Assert.That(ex.StatusCode, Is.EqualTo(413));
        Assert.That(ex.Message, Does.Contain(nameof(FormOptions.MultipartBodyLengthLimit)));
    }

    [Test]
    public async Task Too_many_parts_are_413()
    {
        var ex = await Rejects(Body(Field("a", "1"), File("f", "a", "x"), Field("b", "2")), new FormOptions { ValueCountLimit = 2 });

        Assert.That(ex.StatusCode, Is.EqualTo(413));
        Assert.That(ex.Message, Does.Contain(nameof(FormOptions.ValueCountLimit)));
    }

    [Test]
    public async Task Field_value_over_the_limit_is_413()
    {
        var ex = await Rejects(Body(Field("a", "123456")), new FormOptions { ValueLengthLimit = 5 });

        Assert.That(ex.StatusCode, Is.EqualTo(413));
        Assert.That(ex.Message, Does.Contain(nameof(FormOptions.ValueLengthLimit)));
    }

    [Test]
    public async Task Field_name_over_the_limit_is_413()
    {
        var ex = await Rejects(Body(Field("abcdef", "1")), new FormOptions { KeyLengthLimit = 5 });

        Assert.That(ex.StatusCode, Is.EqualTo(413));
        Assert.That(ex.Message, Does.Contain(nameof(FormOptions.KeyLengthLimit)));
    }

    [Test]
    public async Task Temp_files_of_a_rejected_form_are_deleted()
    {
        string before = string.Join('|', Directory.GetFiles(Path.GetTempPath(), "microweb-upload-*").Order());
        string body = $"--{Boundary}\r\n{File("f", "a.bin", new string('x', 100))}\r\n--{Boundary}\r\n{Field("b", "1")}";

        await Assert.ThrowsAsync<BadHttpRequestException>(() => Read(body, new FormOptions { MemoryBufferThreshold = 10 }));

        Assert.That(string.Join('|', Directory.GetFiles(Path.GetTempPath(), "microweb-upload-*").Order()), Is.EqualTo(before));
    }
}
