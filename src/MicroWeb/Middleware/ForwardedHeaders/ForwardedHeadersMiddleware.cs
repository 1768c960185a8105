using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using MicroWeb.Http;
using MicroWeb.Http.Parsing;

namespace MicroWeb.Middleware.ForwardedHeaders;

/// <summary>
/// Applies a trusted proxy's forwarding headers to the request; see <see cref="ForwardedHeadersExtensions.UseForwardedHeaders"/>.
/// </summary>
/// <remarks>
/// Each proxy appends its hop to the right of each list, so the lists are read right to left, one hop at a time, as
/// ASP.NET Core's ForwardedHeadersMiddleware does: a hop is taken only when the address it arrived from (first the
/// connection's peer, then the client the previous hop named) is a trusted proxy, and at most <c>ForwardLimit</c> hops.
/// The first hop with a bad value stops the walk and keeps what was taken before it: a value a proxy did not check must
/// never be believed. A request without any of the fields costs a few header lookups and allocates nothing.
/// </remarks>
internal sealed partial class ForwardedHeadersMiddleware
{
    public const string LoggerCategory = "MicroWeb.ForwardedHeaders";

    private const string XForwardedFor = "X-Forwarded-For";
    private const string XForwardedProto = "X-Forwarded-Proto";
    private const string XForwardedHost = "X-Forwarded-Host";
    private const string XForwardedPrefix = "X-Forwarded-Prefix";
    private const string Forwarded = "Forwarded";

    private readonly RequestDelegate _next;
    private readonly ILogger _logger;
    private readonly ProxyTrust _trust;
    private readonly int _limit;
    private readonly ForwardedHeaderFields _fields;

    public ForwardedHeadersMiddleware(RequestDelegate next, ForwardedHeadersOptions options, ILogger logger)
    {
        _next = next;
        _logger = logger;
        _trust = new ProxyTrust(options.KnownProxies, options.KnownNetworks);
        _limit = options.ForwardLimit;
        _fields = options.Headers;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers;
        var forValues = Read(headers, ForwardedHeaderFields.XForwardedFor, XForwardedFor);
        var protoValues = Read(headers, ForwardedHeaderFields.XForwardedProto, XForwardedProto);
        var hostValues = Read(headers, ForwardedHeaderFields.XForwardedHost, XForwardedHost);
        var prefixValues = Read(headers, ForwardedHeaderFields.XForwardedPrefix, XForwardedPrefix);
        var forwardedValues = Read(headers, ForwardedHeaderFields.Forwarded, Forwarded);
        if (forValues.Count + protoValues.Count + hostValues.Count + prefixValues.Count + forwardedValues.Count == 0) return _next(context);

        if (request.RemoteEndPoint is not IPEndPoint peer || !_trust.IsTrusted(peer.Address))
        {
            LogUntrusted(_logger, request.RemoteEndPoint);
            return _next(context);
        }

        List<ForwardedElement>? elements = null;
        if (forwardedValues.Count > 0 && (elements = ForwardedHeaderParser.Parse(forwardedValues)) is null)
        {
            LogInvalid(_logger, Forwarded, forwardedValues.ToString(), peer);
            elements = [];
        }
        Apply(request, peer, elements, forValues, protoValues, hostValues, prefixValues);
        return _next(context);
    }

    private StringValues Read(HeaderDictionary headers, ForwardedHeaderFields field, string name) =>
        (_fields & field) != 0 && headers.TryGetValue(name, out var values) ? values : StringValues.Empty;

    private void Apply(HttpRequest request, IPEndPoint peer, List<ForwardedElement>? elements,
        StringValues forValues, StringValues protoValues, StringValues hostValues, StringValues prefixValues)
    {
        var fors = new ReverseListReader(forValues);
        var protos = new ReverseListReader(protoValues);
        var hosts = new ReverseListReader(hostValues);
        var prefixes = new ReverseListReader(prefixValues);
        var element = elements?.Count ?? 0;

        IPEndPoint? client = null;
        string? scheme = null, host = null, prefix = null;
        var from = peer.Address;
        for (var hop = 0; hop < _limit; hop++)
        {
            // The first hop's sender is the peer, checked already; a later one is the client the previous hop named.
            if (hop > 0 && !_trust.IsTrusted(from)) break;

            ReadOnlySpan<char> forText, protoText, hostText;
            bool hasFor, hasProto, hasHost;
            if (elements is not null)
            {
                var current = --element >= 0 ? elements[element] : default;
                hasFor = current.For is not null;
                hasProto = current.Proto is not null;
                hasHost = current.Host is not null;
                forText = current.For;
                protoText = current.Proto;
                hostText = current.Host;
            }
            else
            {
                hasFor = fors.TryRead(out forText);
                hasProto = protos.TryRead(out protoText);
                hasHost = hosts.TryRead(out hostText);
            }
            var hasPrefix = prefixes.TryRead(out var prefixText);
            if (!hasFor && !hasProto && !hasHost && !hasPrefix) break;

            IPEndPoint? hopClient = null;
            var hidden = false;
            if (hasFor)
            {
                var valid = elements is not null
                    ? ForwardedNode.TryParseNode(forText, out hopClient, out hidden)
                    : ForwardedNode.TryParseXForwardedFor(forText, out hopClient);
                if (!valid)
                {
                    LogInvalid(_logger, elements is not null ? "Forwarded for" : XForwardedFor, forText.ToString(), peer);
                    break;
                }
            }
            string? hopScheme = null;
            if (hasProto)
            {
                // Only the two schemes this server's requests can have reached a proxy with.
                if (protoText.Equals("https", StringComparison.OrdinalIgnoreCase)) hopScheme = "https";
                else if (protoText.Equals("http", StringComparison.OrdinalIgnoreCase)) hopScheme = "http";
                else
                {
                    LogInvalid(_logger, elements is not null ? "Forwarded proto" : XForwardedProto, protoText.ToString(), peer);
                    break;
                }
            }
            if (hasHost && !HostValidator.IsValid(hostText))
            {
                LogInvalid(_logger, elements is not null ? "Forwarded host" : XForwardedHost, hostText.ToString(), peer);
                break;
            }
            var hopPrefix = "";
            if (hasPrefix && !PathBaseValidator.TryNormalize(prefixText, out hopPrefix))
            {
                LogInvalid(_logger, XForwardedPrefix, prefixText.ToString(), peer);
                break;
            }

            if (hopClient is not null)
            {
                client = hopClient;
                from = hopClient.Address;
            }
            if (hopScheme is not null) scheme = hopScheme;
            if (hasHost) host = hostText.ToString();
            if (hasPrefix) prefix = hopPrefix;
            // RFC 7239 §6.2/§6.3: "unknown" or an obfuscated node says who sent the hop without an address, so whether that
            // sender is a trusted proxy cannot be known: take this hop's values, go no further.
            if (hidden) break;
        }

        if (client is not null) request.SetForwardedRemoteEndPoint(client);
        if (scheme is not null) request.Scheme = scheme;
        if (host is not null) request.Host = host;
        if (!string.IsNullOrEmpty(prefix)) request.PathBase = string.Concat(prefix, request.PathBase);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Ignored the forwarding headers of a request from {Peer}, which is not a known proxy")]
    private static partial void LogUntrusted(ILogger logger, EndPoint? peer);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Ignored an invalid {Header} value '{Value}' from {Peer} and the hops before it")]
    private static partial void LogInvalid(ILogger logger, string header, string value, IPEndPoint peer);
}
