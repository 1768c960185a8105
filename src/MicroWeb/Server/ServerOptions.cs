using System.Security.Cryptography.X509Certificates;
using MicroWeb.Http.Parsing;

namespace MicroWeb;

/// <summary>
/// Where the server listens and the limits it enforces. Bound from the <c>Server</c> configuration section
/// (e.g. <c>Server:KeepAliveTimeout</c> in appsettings.json, <c>MICROWEB_Server__Urls</c> in the
/// environment, <c>--urls</c> or <c>--port</c> on the command line) and validated at startup. The defaults
/// mirror Kestrel's.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>
    /// Semicolon-separated <c>http://host:port</c> and <c>https://host:port</c> addresses. <c>localhost</c> binds the loopback
    /// addresses, <c>*</c>, <c>+</c> or <c>0.0.0.0</c> all IPv4 addresses, <c>[::]</c> all IPv6 ones; port 0 picks a free port.
    /// An <c>https://</c> address needs <see cref="Certificate"/>. Default <c>http://localhost:5000</c>.
    /// </summary>
    public string Urls { get; set; } = "http://localhost:5000";

    /// <summary>
    /// The server certificate, with its private key, that <c>https://</c> addresses present (TLS 1.2 and 1.3, ALPN
    /// <c>http/1.1</c>). Loaded at startup from <c>Server:Certificates:Default:Path</c> (and <c>KeyPath</c> for PEM, or
    /// <c>Password</c> for PFX) when configured; set it in code to supply your own. The server does not dispose it.
    /// </summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// Intermediate CA certificates sent after <see cref="Certificate"/> (the rest of a fullchain.pem or of a PFX), so
    /// clients that do not have them can build the chain. Set by the configuration loader.
    /// </summary>
    internal X509Certificate2Collection? CertificateChain { get; set; }

    /// <summary>
    /// Time a client on an <c>https://</c> address has to complete the TLS handshake after connecting; then the connection
    /// is closed (and logged). Default 10 s.
    /// </summary>
    public TimeSpan TlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest accepted request line in bytes; longer gets 414. Default 8 KiB.</summary>
    public int MaxRequestLineSize { get; set; } = 8 * 1024;

    /// <summary>Largest accepted header section in bytes; larger gets 431. Default 32 KiB.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>Most accepted header fields; more gets 431. Default 100.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The three head limits above, as the parser takes them.</summary>
    internal HeadLimits HeadLimits => new(MaxRequestLineSize, MaxRequestHeadersTotalSize, MaxRequestHeaderCount);

    /// <summary>Largest accepted request body in bytes; larger gets 413. Default 30,000,000 (about 28.6 MiB).</summary>
    public long MaxRequestBodySize { get; set; } = 30_000_000;

    /// <summary>Time allowed for a request's headers to arrive once it has started; then 408 (slowloris defence). Default 30 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle keep-alive connection stays open. Default 120 s.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a graceful shutdown waits for in-flight requests before aborting them. Default 30 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the app keeps serving after it is asked to stop (SIGTERM, Ctrl+C, <c>StopAsync</c>) before it stops
    /// accepting connections. Readiness endpoints (<see cref="HealthCheckEndpointOptions.FailWhenStopping"/>) report
    /// 503 during it, so a load balancer stops sending new requests first. Default 0; a few seconds longer than the
    /// load balancer's health-check interval behind one.
    /// </summary>
    public TimeSpan ShutdownDelay { get; set; }

    /// <summary>
    /// Response bytes held back before the headers are sent. A response that fits is sent with a
    /// Content-Length in one write; a larger one streams (chunked on HTTP/1.1). Default 64 KiB.
    /// </summary>
    public int ResponseBufferSize { get; set; } = 64 * 1024;

    /// <summary>
    /// Slowest accepted request body, in bytes per second, averaged from the moment the application first
    /// waits for body bytes; checked once a second after <see cref="MinRequestBodyDataRateGracePeriod"/>.
    /// A slower body fails with 408. <c>null</c> or 0 turns the check off; a request can change it through
    /// <see cref="HttpContext.Limits"/>. Default 240 B/s (Kestrel's).
    /// </summary>
    public double? MinRequestBodyDataRate { get; set; } = 240;

    /// <summary>How long a request body may trickle before <see cref="MinRequestBodyDataRate"/> applies. Default 5 s.</summary>
    public TimeSpan MinRequestBodyDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest a body read may wait without receiving a byte (a body that never starts, or stalls), whatever
    /// the data rate; then 408. <c>null</c> turns it off. Default 30 s.
    /// </summary>
    public TimeSpan? RequestBodyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Slowest accepted reader of a response, in bytes per second while the server waits to send; a client
    /// that reads slower is disconnected, so it cannot pin buffers and a handler. <c>null</c> or 0 turns the
    /// check off; a request can change it through <see cref="HttpContext.Limits"/>. Default 240 B/s.
    /// </summary>
    public double? MinResponseDataRate { get; set; } = 240;

    /// <summary>How long a response send may stall before <see cref="MinResponseDataRate"/> applies. Default 5 s.</summary>
    public TimeSpan MinResponseDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most connections served at once; a connection beyond it is answered 503 and closed at once, and the
    /// others are unaffected. <c>null</c> (the default) means no limit.
    /// </summary>
    public long? MaxConcurrentConnections { get; set; }

    /// <summary>
    /// Most upgraded connections (WebSockets) open at once; a handshake beyond it gets 503. They also count against
    /// <see cref="MaxConcurrentConnections"/>. <c>null</c> (the default) means no limit of their own.
    /// </summary>
    public long? MaxConcurrentUpgradedConnections { get; set; }

    /// <summary>An unread request body up to this size is read and discarded to keep the connection; a larger one closes it. Default 1 MiB.</summary>
    public long MaxRequestBodyDrainSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// The path the app is mounted under when the proxy passes it on (<c>/board</c>): it becomes
    /// <see cref="HttpRequest.PathBase"/> and comes off <see cref="HttpRequest.Path"/>; other paths get 404. Empty (the
    /// default) for none. Use <c>X-Forwarded-Prefix</c> instead when the proxy strips the prefix itself.
    /// </summary>
    public string PathBase { get; set; } = "";
}
