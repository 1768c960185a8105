using System.Buffers;
using System.Text;

namespace MicroWeb.Http.Parsing;

/// <summary>
/// Parses an HTTP/1.1 request head (request line and header fields, RFC 9112 §2–§5) into an
/// <see cref="HttpRequest"/>. It does no I/O: the caller hands it everything buffered so far and it answers
/// <see cref="ParseStatus.NeedMoreData"/>, <see cref="ParseStatus.Complete"/> or
/// <see cref="ParseStatus.Rejected"/> with a reason.
/// </summary>
/// <remarks>
/// One instance serves every request on a connection. Line ends are found incrementally (a head that
/// trickles in a byte at a time is scanned once, not once per byte), the limits are enforced while
/// scanning, and the head is parsed only once it is complete. Header values that equal the previous
/// request's value for the same field reuse its string, so a steady stream of similar requests allocates
/// nothing here.
/// </remarks>
internal sealed class HttpRequestParser(HeadLimits limits)
{
    private readonly HeadLimits _limits = limits;

    // Scan state for the head being received.
    private long _scanned;
    private long _lineStart;
    private long _start;
    private long _requestLineEnd = -1;
    private int _lines;
    // How many bytes of the current request-line candidate the early check has passed; -1 once the method ended.
    private int _methodChecked;
    // Set per head by ParseTarget: the target's authority is the request's Host (RFC 9112 §3.2.2).
    private bool _absoluteForm;

    /// <summary>Longer than any registered method (the longest, UPDATEREDIRECTREF, has 17 bytes).</summary>
    internal const int MaxMethodLength = 32;

    // The previous request's fields by position, for string reuse.
    private (string Name, string Value)[] _previous = new (string, string)[16];
    private int _previousCount;
    private string _previousTarget = "";
    private string _previousPath = "/";
    private string _previousQuery = "";
    private string _previousAuthority = "";

    private byte[]? _flat;

    /// <summary>Forgets the scan state; call after a request head has been consumed.</summary>
    public void Reset()
    {
        _scanned = 0;
        _lineStart = 0;
        _start = 0;
        _requestLineEnd = -1;
        _lines = 0;
        _methodChecked = 0;
    }

    /// <summary>Returns the pooled copy buffer, if one was rented; the parser can still be used afterwards.</summary>
    public void ReleaseBuffers()
    {
        if (_flat is null) return;
        ArrayPool<byte>.Shared.Return(_flat);
        _flat = null;
    }

    /// <summary>True when some bytes of a request head have arrived (so the head timeout applies, not the idle one).</summary>
    public bool HasPartialHead => _scanned > _start;

    /// <summary>Parses the head at the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Everything received and not yet consumed.</param>
    /// <param name="request">Receives the method, target, protocol, headers and framing (after <see cref="HttpRequest.Reset"/>).</param>
    /// <param name="consumed">On <see cref="ParseStatus.Complete"/>, the end of the head; otherwise how far the buffer may be dropped.</param>
    /// <param name="reason">On <see cref="ParseStatus.Rejected"/>, why.</param>
    /// <remarks>
    /// A head that arrived in one read sits in one segment: it is scanned as a span (vectorized <c>IndexOf</c>, no
    /// sequence slicing per line). Both scans share the line bookkeeping in <see cref="AcceptLine"/>, so limits and
    /// leading empty lines are handled identically.
    /// </remarks>
    public ParseStatus TryParse(in ReadOnlySequence<byte> buffer, HttpRequest request, out SequencePosition consumed, out RequestRejectionReason reason)
    {
        if (buffer.IsSingleSegment) return TryParse(buffer, buffer.FirstSpan, request, out consumed, out reason);
        reason = default;
        consumed = buffer.Start;
        var rest = buffer.Slice(_scanned);
        while (true)
        {
            if (_lines == 0 && _methodChecked >= 0 && !CheckRequestLineStart(buffer, out reason)) return ParseStatus.Rejected;
            var newline = rest.PositionOf((byte)'\n');
            if (newline is null) return NoLineEnd(buffer.Length, out reason);

            var lineEnd = _scanned + rest.Slice(0, newline.Value).Length + 1;
            var lineLength = lineEnd - _lineStart;
            var isEmpty = lineLength == 1 || (lineLength == 2 && IsCrAt(buffer, _lineStart));
            var outcome = AcceptLine(lineEnd, isEmpty, out reason);
            if (outcome == LineOutcome.Rejected) return ParseStatus.Rejected;
            if (outcome == LineOutcome.HeadEnd)
            {
                var head = buffer.Slice(_start, lineEnd - _start);
                consumed = head.End;
                return Complete(ParseHead(head, request, out reason), request, buffer.Length, lineEnd);
            }
            rest = buffer.Slice(_scanned);
        }
    }

    private ParseStatus TryParse(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> span, HttpRequest request, out SequencePosition consumed, out RequestRejectionReason reason)
    {
        reason = default;
        consumed = buffer.Start;
        while (true)
        {
            if (_lines == 0 && _methodChecked >= 0 && !CheckRequestLineStart(span[(int)_lineStart..], out reason)) return ParseStatus.Rejected;
            var newline = span[(int)_scanned..].IndexOf((byte)'\n');
            if (newline < 0) return NoLineEnd(span.Length, out reason);

            var lineEnd = _scanned + newline + 1;
            var lineLength = lineEnd - _lineStart;
            var isEmpty = lineLength == 1 || (lineLength == 2 && span[(int)_lineStart] == (byte)'\r');
            var outcome = AcceptLine(lineEnd, isEmpty, out reason);
            if (outcome == LineOutcome.Rejected) return ParseStatus.Rejected;
            if (outcome == LineOutcome.HeadEnd)
            {
                consumed = buffer.GetPosition(lineEnd);
                return Complete(ParseHead(span[(int)_start..(int)lineEnd], request, out reason), request, span.Length, lineEnd);
            }
        }
    }

    private enum LineOutcome
    {
        Next,
        HeadEnd,
        Rejected,
    }

    /// <summary>Books a line ending at <paramref name="lineEnd"/> (after its LF): limits, leading empty lines, the end of the head.</summary>
    private LineOutcome AcceptLine(long lineEnd, bool isEmpty, out RequestRejectionReason reason)
    {
        reason = default;
        if (_lines == 0)
        {
            if (lineEnd - _start > _limits.MaxRequestLineSize + 2) return RejectLine(RequestRejectionReason.RequestLineTooLong, out reason);
            if (isEmpty && _start == _lineStart && _start < 8)
            {
                // RFC 9112 §2.2: ignore an empty line (or a few) before the request line.
                _start = lineEnd;
                _methodChecked = 0;
            }
            else
            {
                _requestLineEnd = lineEnd;
                _lines = 1;
            }
        }
        else
        {
            if (lineEnd - _requestLineEnd > _limits.MaxRequestHeadersTotalSize) return RejectLine(RequestRejectionReason.HeadersTooLarge, out reason);
            if (isEmpty) return LineOutcome.HeadEnd;
            if (++_lines - 1 > _limits.MaxRequestHeaderCount) return RejectLine(RequestRejectionReason.TooManyHeaders, out reason);
        }
        _scanned = _lineStart = lineEnd;
        return LineOutcome.Next;
    }

    /// <summary>No LF in what has arrived: remember how far the scan got and check the limits against it.</summary>
    private ParseStatus NoLineEnd(long length, out RequestRejectionReason reason)
    {
        reason = default;
        _scanned = length;
        // A line at the limit may have its CR here and its LF still on the way: allow the CR.
        if (_lines == 0 && _scanned - _start > _limits.MaxRequestLineSize + 1) return Reject(RequestRejectionReason.RequestLineTooLong, out reason);
        if (_lines > 0 && _scanned - _requestLineEnd > _limits.MaxRequestHeadersTotalSize) return Reject(RequestRejectionReason.HeadersTooLarge, out reason);
        return ParseStatus.NeedMoreData;
    }

    private static ParseStatus Complete(ParseStatus status, HttpRequest request, long buffered, long headEnd)
    {
        // RFC 9110 §10.1.1: a client that already sent body bytes is not waiting for 100 Continue.
        if (status == ParseStatus.Complete && request.ExpectsContinue && buffered > headEnd) request.ExpectsContinue = false;
        return status;
    }

    private static LineOutcome RejectLine(RequestRejectionReason why, out RequestRejectionReason reason)
    {
        reason = why;
        return LineOutcome.Rejected;
    }

    /// <summary>
    /// Checks the request line as its bytes arrive, before its LF: the method must be a short token followed by SP
    /// (RFC 9112 §3), so garbage, a TLS ClientHello or an endless method is refused at once instead of after the
    /// line limit or the header timeout. The rest of the line is checked when it is complete.
    /// </summary>
    private bool CheckRequestLineStart(in ReadOnlySequence<byte> buffer, out RequestRejectionReason reason)
    {
        var available = buffer.Length - _lineStart;
        Span<byte> bytes = stackalloc byte[MaxMethodLength + 1];
        var length = (int)Math.Min(available, bytes.Length);
        buffer.Slice(_lineStart, length).CopyTo(bytes);
        return CheckRequestLineStart(bytes[..length], out reason);
    }

    /// <param name="line">What has arrived of the request line (only the first <see cref="MaxMethodLength"/> + 1 bytes are looked at).</param>
    /// <param name="reason">Why the line is refused, when it is.</param>
    private bool CheckRequestLineStart(ReadOnlySpan<byte> line, out RequestRejectionReason reason)
    {
        reason = default;
        if (line.Length <= _methodChecked) return true;
        var bytes = line[..Math.Min(line.Length, MaxMethodLength + 1)];
        var length = bytes.Length;

        if (bytes[0] == 0x16)
        {
            // A TLS record of type handshake (0x16) with version 3.x (SSL 3.0 to TLS 1.3): someone spoke https:// to us.
            var isTls = (length < 2 || bytes[1] == 0x03) && (length < 3 || bytes[2] <= 0x04);
            reason = isTls ? RequestRejectionReason.TlsHandshakeOnPlainHttp : RequestRejectionReason.InvalidRequestLine;
            return false;
        }
        if (_methodChecked == 0 && bytes[0] is (byte)'\r' or (byte)'\n')
        {
            // A leading empty line (RFC 9112 §2.2), which the line scan skips; only "\r" then something other than LF is wrong.
            if (length < 2 || bytes[0] == (byte)'\n' || bytes[1] == (byte)'\n') return true;
            reason = RequestRejectionReason.InvalidRequestLine;
            return false;
        }
        // bytes[_methodChecked..tokenEnd] are tchars; what ends them decides.
        var tokenEnd = _methodChecked + HeaderGrammar.TokenLength(bytes[_methodChecked..]);
        if (tokenEnd > MaxMethodLength)
        {
            reason = RequestRejectionReason.MethodTooLong;
            return false;
        }
        if (tokenEnd == length)
        {
            _methodChecked = length;
            return true;
        }
        if (bytes[tokenEnd] == (byte)' ' && tokenEnd > 0)
        {
            _methodChecked = -1;
            return true;
        }
        reason = RequestRejectionReason.InvalidRequestLine;
        return false;
    }

    private static bool IsCrAt(in ReadOnlySequence<byte> buffer, long offset)
    {
        var reader = new SequenceReader<byte>(buffer.Slice(offset, 1));
        return reader.TryRead(out var b) && b == (byte)'\r';
    }

    private static ParseStatus Reject(RequestRejectionReason why, out RequestRejectionReason reason)
    {
        reason = why;
        return ParseStatus.Rejected;
    }

    private ParseStatus ParseHead(in ReadOnlySequence<byte> head, HttpRequest request, out RequestRejectionReason reason)
    {
        if (head.IsSingleSegment) return ParseHead(head.FirstSpan, request, out reason);
        var length = (int)head.Length;
        if (_flat is null || _flat.Length < length)
        {
            ReleaseBuffers();
            _flat = ArrayPool<byte>.Shared.Rent(length);
        }
        head.CopyTo(_flat);
        return ParseHead(_flat.AsSpan(0, length), request, out reason);
    }

    private ParseStatus ParseHead(ReadOnlySpan<byte> head, HttpRequest request, out RequestRejectionReason reason)
    {
        request.Reset();
        var lineEnd = head.IndexOf((byte)'\n');
        if (!TryTrimCr(head[..lineEnd], out var requestLine)) return Reject(RequestRejectionReason.InvalidRequestLine, out reason);
        if (!ParseRequestLine(requestLine, request, out reason)) return ParseStatus.Rejected;

        var fields = head[(lineEnd + 1)..];
        var index = 0;
        var hostCount = 0;
        var hasTransferEncoding = false;
        string? transferEncoding = null;
        while (true)
        {
            lineEnd = fields.IndexOf((byte)'\n');
            if (!TryTrimCr(fields[..lineEnd], out var line)) return Reject(RequestRejectionReason.InvalidHeaderLine, out reason);
            fields = fields[(lineEnd + 1)..];
            if (line.IsEmpty) break;

            if (line[0] is (byte)' ' or (byte)'\t') return Reject(RequestRejectionReason.ObsoleteLineFolding, out reason);
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) return Reject(RequestRejectionReason.InvalidHeaderLine, out reason);
            var nameBytes = line[..colon];
            if (nameBytes[^1] is (byte)' ' or (byte)'\t') return Reject(RequestRejectionReason.WhitespaceBeforeColon, out reason);
            if (!HeaderGrammar.IsToken(nameBytes)) return Reject(RequestRejectionReason.InvalidHeaderLine, out reason);
            var valueBytes = line[(colon + 1)..].Trim(" \t"u8);
            if (!HeaderGrammar.IsFieldValue(valueBytes)) return Reject(RequestRejectionReason.InvalidHeaderLine, out reason);

            var (name, value) = Intern(index++, nameBytes, valueBytes);
            request.Headers.AppendParsed(name, value);

            switch (name)
            {
                case KnownHeaders.Host:
                    // RFC 9112 §3.2: an invalid Host is 400 even when an absolute-form target overrides it.
                    if (++hostCount > 1) return Reject(RequestRejectionReason.MultipleHost, out reason);
                    if (!valueBytes.IsEmpty && !HostValidator.IsValid(valueBytes)) return Reject(RequestRejectionReason.InvalidHost, out reason);
                    if (!_absoluteForm) request.Host = value;
                    break;
                case KnownHeaders.ContentLength:
                    if (!TryParseContentLength(valueBytes, out var length)) return Reject(RequestRejectionReason.InvalidContentLength, out reason);
                    if (request.ContentLength is { } previous && previous != length) return Reject(RequestRejectionReason.ConflictingContentLength, out reason);
                    request.ContentLength = length;
                    break;
                case KnownHeaders.TransferEncoding:
                    hasTransferEncoding = true;
                    transferEncoding = transferEncoding is null ? value : transferEncoding + "," + value;
                    break;
                case KnownHeaders.Connection:
                    ApplyConnectionTokens(valueBytes, request);
                    break;
                case KnownHeaders.Expect:
                    if (!Ascii.EqualsIgnoreCase(valueBytes, "100-continue"u8)) return Reject(RequestRejectionReason.UnsupportedExpectation, out reason);
                    request.ExpectsContinue = request.IsHttp11;
                    break;
            }
        }
        _previousCount = index;

        if (request.IsHttp11 && hostCount == 0) return Reject(RequestRejectionReason.MissingHost, out reason);
        // RFC 9112 §3.2: an empty Host is only for a target URI without an authority, which origin-form and
        // asterisk-form requests to an http server never are; with absolute-form the target names the host.
        if (hostCount == 1 && request.Host.Length == 0 && !_absoluteForm) return Reject(RequestRejectionReason.InvalidHost, out reason);

        if (hasTransferEncoding)
        {
            // RFC 9112 §6.1 and §6.3: Transfer-Encoding in 1.0 and TE together with CL are both smuggling vectors.
            if (!request.IsHttp11) return Reject(RequestRejectionReason.TransferEncodingInHttp10, out reason);
            if (request.ContentLength is not null) return Reject(RequestRejectionReason.ContentLengthWithTransferEncoding, out reason);
            if (!TryParseTransferEncoding(transferEncoding!, out reason)) return ParseStatus.Rejected;
            request.IsChunked = true;
        }
        if (request.ExpectsContinue && !request.HasBody) request.ExpectsContinue = false;
        reason = default;
        return ParseStatus.Complete;
    }

    private static bool TryTrimCr(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> content)
    {
        // A bare LF line ending is rejected: lenient line parsing is how request smuggling starts.
        if (line.IsEmpty || line[^1] != (byte)'\r')
        {
            content = default;
            return false;
        }
        content = line[..^1];
        return content.IndexOf((byte)'\r') < 0;
    }

    private bool ParseRequestLine(ReadOnlySpan<byte> line, HttpRequest request, out RequestRejectionReason reason)
    {
        reason = RequestRejectionReason.InvalidRequestLine;
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0) return false;
        var method = line[..firstSpace];
        if (!HeaderGrammar.IsToken(method)) return false;
        var afterMethod = line[(firstSpace + 1)..];
        var secondSpace = afterMethod.IndexOf((byte)' ');
        if (secondSpace <= 0) return false;
        var target = afterMethod[..secondSpace];
        var version = afterMethod[(secondSpace + 1)..];

        if (version.Length != 8 || !version.StartsWith("HTTP/"u8) || !char.IsAsciiDigit((char)version[5]) || version[6] != (byte)'.' || !char.IsAsciiDigit((char)version[7]))
            return false;
        if (version.SequenceEqual("HTTP/1.1"u8)) request.IsHttp11 = true;
        else if (version.SequenceEqual("HTTP/1.0"u8)) request.IsHttp11 = false;
        else
        {
            reason = RequestRejectionReason.UnsupportedHttpVersion;
            return false;
        }
        request.KeepAliveRequested = request.IsHttp11;
        request.Method = HttpMethods.FromToken(method);

        reason = RequestRejectionReason.InvalidRequestTarget;
        foreach (var b in target)
        {
            if (b is <= 0x20 or >= 0x7F) return false;
            if (b == (byte)'#')
            {
                // RFC 9112 §3.2: the fragment is the client's; it is never sent in a request target.
                reason = RequestRejectionReason.FragmentInRequestTarget;
                return false;
            }
        }
        return ParseTarget(target, request);
    }

    /// <remarks>
    /// Asterisk-form (<c>OPTIONS *</c>, RFC 9112 §3.2.4) is marked by <see cref="HttpRequest.Path"/> and
    /// <see cref="HttpRequest.RawTarget"/> both being <c>"*"</c>; no other target yields that path, since
    /// origin-form and absolute-form paths always start with '/'.
    /// </remarks>
    private bool ParseTarget(ReadOnlySpan<byte> target, HttpRequest request)
    {
        _absoluteForm = false;
        if (target.SequenceEqual("*"u8))
        {
            if (request.Method != HttpMethods.Options) return false;
            request.RawTarget = request.Path = "*";
            return true;
        }

        var pathAndQuery = target;
        if (target[0] != (byte)'/')
        {
            // Absolute-form (RFC 9112 §3.2.2): the authority replaces Host; only the path and query route.
            var schemeEnd = target.IndexOf("://"u8);
            if (schemeEnd <= 0) return false;
            var scheme = target[..schemeEnd];
            if (!Ascii.EqualsIgnoreCase(scheme, "http"u8) && !Ascii.EqualsIgnoreCase(scheme, "https"u8)) return false;
            var afterScheme = target[(schemeEnd + 3)..];
            var authorityEnd = afterScheme.IndexOfAny((byte)'/', (byte)'?');
            var authority = authorityEnd < 0 ? afterScheme : afterScheme[..authorityEnd];
            // RFC 9110 §4.2.4: no userinfo in an http(s) URI; the host must be valid and non-empty (§4.2.1).
            if (!HostValidator.IsValid(authority)) return false;
            if (_previousAuthority.Length != authority.Length || !Ascii.Equals(authority, _previousAuthority)) _previousAuthority = Encoding.ASCII.GetString(authority);
            request.Host = _previousAuthority;
            _absoluteForm = true;
            pathAndQuery = authorityEnd < 0 ? "/"u8 : afterScheme[authorityEnd..];
        }

        if (_previousTarget.Length == target.Length && Ascii.Equals(target, _previousTarget))
        {
            // Same target as the previous request on this connection: reuse its strings.
            request.RawTarget = _previousTarget;
            request.Path = _previousPath;
            request.QueryString = _previousQuery;
            return true;
        }

        var questionMark = pathAndQuery.IndexOf((byte)'?');
        var rawPath = questionMark < 0 ? pathAndQuery : pathAndQuery[..questionMark];
        if (rawPath.IsEmpty || rawPath[0] != (byte)'/') rawPath = "/"u8;
        var path = RequestTargetDecoder.DecodePath(rawPath);
        if (path is null) return false;

        var raw = Encoding.ASCII.GetString(target);
        request.RawTarget = raw;
        request.Path = path;
        var query = raw.IndexOf('?');
        request.QueryString = query < 0 ? "" : raw[query..];
        _previousTarget = raw;
        _previousPath = path;
        _previousQuery = request.QueryString;
        return true;
    }

    private (string Name, string Value) Intern(int index, ReadOnlySpan<byte> nameBytes, ReadOnlySpan<byte> valueBytes)
    {
        string name;
        string value;
        if (index < _previousCount)
        {
            var (previousName, previousValue) = _previous[index];
            if (previousName.Length == nameBytes.Length && Ascii.EqualsIgnoreCase(nameBytes, previousName))
            {
                name = previousName;
                if (previousValue.Length == valueBytes.Length && Ascii.Equals(valueBytes, previousValue)) return (name, previousValue);
                value = Encoding.Latin1.GetString(valueBytes);
                _previous[index] = (name, value);
                return (name, value);
            }
        }

        name = KnownHeaders.Find(nameBytes) ?? Encoding.ASCII.GetString(nameBytes);
        value = Encoding.Latin1.GetString(valueBytes);
        if (index >= _previous.Length) Array.Resize(ref _previous, _previous.Length * 2);
        _previous[index] = (name, value);
        return (name, value);
    }

    private static bool TryParseContentLength(ReadOnlySpan<byte> value, out long length)
    {
        // RFC 9110 §8.6: digits only; "5, 5" (a repeated identical value) is tolerated.
        length = -1;
        foreach (var range in value.Split((byte)','))
        {
            var part = value[range].Trim(" \t"u8);
            if (part.IsEmpty || part.Length > 18) return false;
            long parsed = 0;
            foreach (var b in part)
            {
                if (!char.IsAsciiDigit((char)b)) return false;
                parsed = parsed * 10 + (b - '0');
            }
            if (length >= 0 && parsed != length) return false;
            length = parsed;
        }
        return length >= 0;
    }

    private static void ApplyConnectionTokens(ReadOnlySpan<byte> value, HttpRequest request)
    {
        var close = false;
        var keepAlive = false;
        foreach (var range in value.Split((byte)','))
        {
            var token = value[range].Trim(" \t"u8);
            close |= Ascii.EqualsIgnoreCase(token, "close"u8);
            keepAlive |= Ascii.EqualsIgnoreCase(token, "keep-alive"u8);
        }
        // "close" wins whatever the order; HTTP/1.0 stays open only when it asks to.
        if (close) request.KeepAliveRequested = false;
        else if (keepAlive) request.KeepAliveRequested = true;
    }

    private static bool TryParseTransferEncoding(string value, out RequestRejectionReason reason)
    {
        var codings = value.AsSpan();
        var last = ReadOnlySpan<char>.Empty;
        var count = 0;
        foreach (var range in codings.Split(','))
        {
            var coding = codings[range].Trim(" \t");
            if (coding.IsEmpty) continue;
            last = coding;
            count++;
        }
        if (!last.Equals("chunked", StringComparison.OrdinalIgnoreCase))
        {
            reason = RequestRejectionReason.TransferEncodingNotChunkedLast;
            return false;
        }
        if (count > 1)
        {
            reason = RequestRejectionReason.UnsupportedTransferCoding;
            return false;
        }
        reason = default;
        return true;
    }
}
