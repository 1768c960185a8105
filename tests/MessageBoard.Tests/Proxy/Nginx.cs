using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MessageBoard.Tests.Proxy;

/// <summary>
/// The system's nginx (Debian: nginx-light) as a TLS-terminating reverse proxy on 127.0.0.1 and a free port, in the
/// foreground with everything (config, certificate, pid, logs, temp files) in its own temp folder, deleted on dispose.
/// Ignores the test when nginx is not installed (.ci/run installs it).
/// </summary>
internal sealed class Nginx : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(15);
    private readonly Process _process;
    private readonly string _directory;

    private Nginx(Process process, string directory, int port, X509Certificate2 certificate)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Certificate = certificate;
    }

    public int Port { get; }

    /// <summary>The self-signed certificate nginx presents (for localhost and 127.0.0.1).</summary>
    public X509Certificate2 Certificate { get; }

    public Uri BaseAddress => new($"https://localhost:{Port}/");

    /// <summary>
    /// Starts nginx in front of <paramref name="upstreamPort"/>; <paramref name="locations"/> are the <c>location</c> blocks
    /// of its one TLS server, with <c>{upstream}</c> standing for <c>http://127.0.0.1:port</c>.
    /// </summary>
    public static Task<Nginx> StartAsync(int upstreamPort, string locations) =>
        StartAsync(locations.Replace("{upstream}", $"http://127.0.0.1:{upstreamPort}"), http: "");

    /// <summary>
    /// Starts nginx in front of an <c>upstream board</c> of <paramref name="upstreamPorts"/> (round robin, on 127.0.0.1);
    /// in <paramref name="locations"/>, <c>{upstream}</c> stands for <c>http://board</c>. A server that fails is out of
    /// rotation for <paramref name="failTimeout"/> (nginx's default is 10 s; tests that restart instances want less).
    /// </summary>
    public static Task<Nginx> StartAsync(IReadOnlyList<int> upstreamPorts, string locations, string failTimeout = "10s")
    {
        string servers = string.Concat(upstreamPorts.Select(port => $"server 127.0.0.1:{port} fail_timeout={failTimeout};\n"));
        return StartAsync(locations.Replace("{upstream}", "http://board"), http: "upstream board {\n" + servers + "}");
    }

    private static async Task<Nginx> StartAsync(string locations, string http)
    {
        string executable = FindOnPath("nginx") ?? IgnoreTest();
        string directory = Directory.CreateTempSubdirectory("microweb-nginx-").FullName;
        try
        {
            var certificate = CreateCertificate(directory);
            int port = FreePort();
            string config = Path.Combine(directory, "nginx.conf");
            await File.WriteAllTextAsync(config, Config(directory, port, locations, http));

            var start = new ProcessStartInfo(executable)
            {
                ArgumentList = { "-p", directory, "-c", config, "-e", Path.Combine(directory, "error.log"), "-g", "daemon off;" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
            var nginx = new Nginx(process, directory, port, certificate);
            try
            {
                await nginx.WaitUntilListeningAsync();
            }
            catch
            {
                await nginx.DisposeAsync();
                throw;
            }
            return nginx;
        }
        catch
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>A client that trusts exactly this nginx's certificate and connects from <paramref name="localAddress"/>, so the proxy sees that client address.</summary>
    public HttpClient CreateClient(IPAddress localAddress, CookieContainer cookies)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = cookies,
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString() },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(localAddress, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string ErrorLog => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : "";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Polls a connection to the port until nginx accepts one, up to a deadline; fails early, with its log, if it exits.</summary>
    private async Task WaitUntilListeningAsync()
    {
        using var deadline = new CancellationTokenSource(s_startTimeout);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}{ErrorLog}");
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), deadline.Token);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet: wait for the next short interval (bounded by the deadline), then try again.
                await Task.Delay(20, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"nginx did not listen on port {Port} within {s_startTimeout}: {ErrorLog}");
            }
        }
    }

    private static string Config(string directory, int port, string locations, string http) => $$"""
        # One process in the foreground (no workers to switch user), everything under the test's folder.
        master_process off;
        worker_processes 1;
        pid {{directory}}/nginx.pid;
        error_log {{directory}}/error.log info;
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path {{directory}}/client_body;
            proxy_temp_path {{directory}}/proxy;
            fastcgi_temp_path {{directory}}/fastcgi;
            uwsgi_temp_path {{directory}}/uwsgi;
            scgi_temp_path {{directory}}/scgi;
            {{http}}
            server {
                listen 127.0.0.1:{{port}} ssl;
                server_name localhost;
                ssl_certificate {{directory}}/cert.pem;
                ssl_certificate_key {{directory}}/key.pem;
                {{locations}}
            }
        }
        """;

    private static X509Certificate2 CreateCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name)
    {
        // nginx lives in /usr/sbin, which is not on every user's PATH.
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/sbin").Append("/usr/local/sbin");
        return folders.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
    }

    private static string IgnoreTest()
    {
        Assert.Ignore("nginx is not installed: the reverse-proxy tests need it on PATH or in /usr/sbin (Debian: nginx-light; .ci/run installs it).");
        return "";
    }
}
