using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Server;

/// <summary>
/// The built-in server's TLS: a self-signed certificate generated per test, clients that trust exactly that
/// certificate (its thumbprint), a real server on https://127.0.0.1:0.
/// </summary>
public class HttpsTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    private static Task<TestServer> StartHttpsAsync(TestCertificate certificate, RequestDelegate? handler,
        Action<ServerOptions>? configure = null, Action<MicroWebApp>? configurePipeline = null, string[]? args = null) =>
        TestServer.StartAsync(handler, options =>
        {
            options.Urls = "https://127.0.0.1:0";
            options.Certificate = certificate.Certificate;
            configure?.Invoke(options);
        }, configurePipeline, args: args);

    private static async Task<SslStream> HandshakeAsync(int port, SslClientAuthenticationOptions? options = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        using var timeout = new CancellationTokenSource(s_wait);
        await ssl.AuthenticateAsClientAsync(options ?? new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, _, _, _) => true, // raw protocol checks; HttpClient tests pin the thumbprint
        }, timeout.Token);
        return ssl;
    }

    [Test]
    public async Task Https_serves_keep_alive_requests_a_post_body_and_reports_the_scheme()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await StartHttpsAsync(certificate, async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var port = ((IPEndPoint)context.Request.RemoteEndPoint!).Port;
            await context.Response.WriteAsync($"{context.Request.Scheme} {context.Request.IsHttps} {port} [{body}]");
        });
        using var client = certificate.CreateClient(server.BaseAddress);

        var first = await client.GetStringAsync("/");
        using var post = await client.PostAsync("/", new StringContent("hello over tls"));
        var second = await post.Content.ReadAsStringAsync();

        Assert.That(server.BaseAddress.Scheme, Is.EqualTo("https"));
        Assert.That(server.App.Urls[0], Does.StartWith("https://127.0.0.1:"));
        Assert.That(first, Does.StartWith("https True ").And.EndWith("[]"));
        Assert.That(second, Does.StartWith("https True ").And.EndWith("[hello over tls]"));
        Assert.That(second.Split(' ')[2], Is.EqualTo(first.Split(' ')[2]), "the same client port: the TLS connection was kept alive");
        Assert.That(post.Version, Is.EqualTo(HttpVersion.Version11));
    }

    [Test]
    public async Task Https_framework_cookies_are_secure()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await StartHttpsAsync(certificate, handler: null, configurePipeline: app =>
        {
            app.UseAuthentication();
            app.MapGet("/signin", async (HttpContext context) =>
            {
                await context.SignInAsync("42");
                return "signed in";
            });
            app.MapGet("/flash", (HttpContext context) =>
            {
                context.SetFlash("saved");
                return "set";
            });
        }, args: ["--Security:Key", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))]);
        using var client = certificate.CreateClient(server.BaseAddress);

        using var signIn = await client.GetAsync("/signin");
        using var flash = await client.GetAsync("/flash");

        Assert.That(signIn.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("microweb.auth=").And.Contain("; Secure"));
        Assert.That(flash.Headers.GetValues("Set-Cookie").Single(), Does.StartWith("microweb.flash=").And.Contain("; Secure"));
    }

    [Test]
    public async Task Https_answers_curl_trusting_the_certificate()
    {
        var curl = FindOnPath("curl");
        if (curl is null) Assert.Ignore("curl is not installed");
        using var certificate = TestCertificate.Create();
        await using var server = await StartHttpsAsync(certificate, async context => await context.Response.WriteAsync($"hello {context.Request.Scheme}"));

        var start = new ProcessStartInfo(curl, ["-sS", "--max-time", "10", "--cacert", certificate.CertPath, $"https://127.0.0.1:{server.Port}/", $"https://localhost:{server.Port}/"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.Zero, error);
        Assert.That(output, Is.EqualTo("hello httpshello https"), "both requests, on one kept-alive connection or two");
    }

    [Test]
    public async Task Http_and_https_listen_side_by_side()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await StartHttpsAsync(certificate, async context => await context.Response.WriteAsync(context.Request.Scheme),
            options => options.Urls = "http://127.0.0.1:0;https://127.0.0.1:0");
        var urls = server.App.Urls;
        Assert.That(urls, Has.Count.EqualTo(2));
        using var plain = new HttpClient { Timeout = s_wait };
        using var secure = certificate.CreateClient(new Uri(urls[1]));

        Assert.That(urls[0], Does.StartWith("http://127.0.0.1:"));
        Assert.That(urls[1], Does.StartWith("https://127.0.0.1:"));
        Assert.That(await plain.GetStringAsync(urls[0]), Is.EqualTo("http"));
        Assert.That(await secure.GetStringAsync("/"), Is.EqualTo("https"));
    }

    [Test]
    public async Task Tls_client_that_never_handshakes_is_dropped_after_the_timeout_while_others_are_served()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await StartHttpsAsync(certificate, async context => await context.Response.WriteAsync("served"),
            options => options.TlsHandshakeTimeout = TimeSpan.FromSeconds(3));
        using var silent = new TcpClient();
        await silent.ConnectAsync(IPAddress.Loopback, server.Port);
        var closed = silent.GetStream().ReadAsync(new byte[1]).AsTask();
        using var client = certificate.CreateClient(server.BaseAddress);

        var served = await client.GetStringAsync("/");

        Assert.That(served, Is.EqualTo("served"));
        Assert.That(closed.IsCompleted, Is.False, "the silent client is still waiting while the other one was served");
        Assert.That(await closed.WaitAsync(s_wait), Is.Zero, "closed by the server");
        var line = await server.Logs.WaitForAsync(m => m.Contains("TLS handshake timed out"), s_wait);
        Assert.That(line, Does.Contain("127.0.0.1"));
    }

    [Test]
    public async Task Tls_garbage_handshake_is_logged_and_does_not_disturb_other_connections()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await StartHttpsAsync(certificate, async context => await context.Response.WriteAsync("served"));
        using var client = certificate.CreateClient(server.BaseAddress);
        Assert.That(await client.GetStringAsync("/"), Is.EqualTo("served"), "a connection open before the garbage");

        using (var garbage = await server.ConnectAsync())
        {
            // A handshake record header (type 22, version 3.1, length 64) followed by bytes that are no ClientHello.
            await garbage.SendAsync([0x16, 0x03, 0x01, 0x00, 0x40, .. Enumerable.Repeat((byte)0xEE, 64)]);
            var line = await server.Logs.WaitForAsync(m => m.Contains("TLS handshake failed"), s_wait);
            Assert.That(line, Does.Contain("127.0.0.1"));
            await AssertClosedAsync(garbage);
        }

        Assert.That(await client.GetStringAsync("/"), Is.EqualTo("served"), "the kept-alive connection still serves");
        using var fresh = certificate.CreateClient(server.BaseAddress);
        Assert.That(await fresh.GetStringAsync("/"), Is.EqualTo("served"), "and new connections handshake");
    }

    [Test]
    public async Task Https_port_answers_plain_http_with_400_and_closes()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await StartHttpsAsync(certificate, async context => await context.Response.WriteAsync("served"));
        using var plain = await server.ConnectAsync();

        await plain.SendAsync("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        var response = await plain.ReadResponseAsync();

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(response.Header("Connection"), Is.EqualTo("close"));
        Assert.That(Encoding.UTF8.GetString(response.Body), Does.Contain("https://"));
        Assert.That(await plain.ReadToEndAsync(), Is.Empty, "closed after the 400");
        await server.Logs.WaitForAsync(m => m.Contains("plain HTTP reached an https:// endpoint"), s_wait);
    }

    [Test]
    public async Task Tls_client_offering_only_h2_is_refused_and_http11_is_negotiated_otherwise()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await StartHttpsAsync(certificate, async context => await context.Response.WriteAsync("served"));

        Assert.That(async () => await HandshakeAsync(server.Port, new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }), Throws.InstanceOf<AuthenticationException>());
        await server.Logs.WaitForAsync(m => m.Contains("TLS handshake failed"), s_wait);

        await using var both = await HandshakeAsync(server.Port, new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        Assert.That(both.NegotiatedApplicationProtocol, Is.EqualTo(SslApplicationProtocol.Http11));
        Assert.That(both.SslProtocol, Is.EqualTo(SslProtocols.Tls13).Or.EqualTo(SslProtocols.Tls12));
    }

    [Test]
    public async Task Tls_12_is_accepted()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await StartHttpsAsync(certificate, async context => await context.Response.WriteAsync("served"));

        await using var tls12 = await HandshakeAsync(server.Port, new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        await tls12.WriteAsync("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray());
        var response = await new StreamReader(tls12).ReadToEndAsync().WaitAsync(s_wait);

        Assert.That(tls12.SslProtocol, Is.EqualTo(SslProtocols.Tls12));
        Assert.That(response, Does.StartWith("HTTP/1.1 200 OK\r\n").And.EndWith("served"));
    }

    [Test]
    public async Task Https_stopping_server_closes_idle_tls_connections_with_close_notify()
    {
        using var certificate = TestCertificate.Create();
        var server = await StartHttpsAsync(certificate, async context => await context.Response.WriteAsync("served"));
        await using var tls = await HandshakeAsync(server.Port);
        await tls.WriteAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
        var buffer = new byte[4096];
        var read = await tls.ReadAsync(buffer).AsTask().WaitAsync(s_wait);
        Assert.That(Encoding.ASCII.GetString(buffer, 0, read), Does.StartWith("HTTP/1.1 200 OK"));

        await server.DisposeAsync();

        // A clean TLS end (close_notify, then FIN) reads as 0; a truncation would throw.
        Assert.That(await tls.ReadAsync(buffer).AsTask().WaitAsync(s_wait), Is.Zero);
    }

    [Test]
    public async Task Tls_client_leaving_fires_request_aborted_through_the_watch_read()
    {
        using var certificate = TestCertificate.Create();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartHttpsAsync(certificate, async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
        });
        var tls = await HandshakeAsync(server.Port);
        await tls.WriteAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
        await started.Task.WaitAsync(s_wait);

        await tls.DisposeAsync();

        await aborted.Task.WaitAsync(s_wait);
    }

    [Test]
    public async Task Https_slow_handshakes_count_against_max_concurrent_connections()
    {
        using var certificate = TestCertificate.Create();
        await using var server = await StartHttpsAsync(certificate, async context => await context.Response.WriteAsync("served"),
            options => options.MaxConcurrentConnections = 1);
        using (var silent = new TcpClient())
        {
            await silent.ConnectAsync(IPAddress.Loopback, server.Port);
            using var refused = new TcpClient();
            await refused.ConnectAsync(IPAddress.Loopback, server.Port);
            // The handshaking connection holds the only slot: the second is closed without a handshake.
            await AssertClosedAsync(refused);
            await server.Logs.WaitForAsync(m => m.Contains("Connection limit of 1 reached"), s_wait);
        }
        // The slot is free again once the silent client leaves (its handshake fails at once). The log line comes just
        // before the slot is released, so a first attempt may still be refused; a leaked slot refuses all three.
        await server.Logs.WaitForAsync(m => m.Contains("TLS handshake failed"), s_wait);
        string? served = null;
        for (var attempt = 0; attempt < 3 && served is null; attempt++)
        {
            using var client = certificate.CreateClient(server.BaseAddress);
            try
            {
                served = await client.GetStringAsync("/");
            }
            catch (HttpRequestException)
            {
            }
        }
        Assert.That(served, Is.EqualTo("served"));
    }

    [Test]
    public async Task Https_pem_certificate_from_configuration_is_served()
    {
        using var certificate = TestCertificate.Create();
        await using var app = await StartFromConfigurationAsync(new()
        {
            ["Server:Certificates:Default:Path"] = certificate.CertPath,
            ["Server:Certificates:Default:KeyPath"] = certificate.KeyPath,
        });
        using var client = certificate.CreateClient(new Uri(app.Urls[0]));

        Assert.That(await client.GetStringAsync("/"), Is.EqualTo("https"));
    }

    [Test]
    public async Task Https_pfx_certificate_with_password_from_configuration_is_served()
    {
        using var certificate = TestCertificate.Create();
        await using var app = await StartFromConfigurationAsync(new()
        {
            ["Server:Certificates:Default:Path"] = certificate.PfxPath,
            ["Server:Certificates:Default:Password"] = TestCertificate.PfxPassword,
        });
        using var client = certificate.CreateClient(new Uri(app.Urls[0]));

        Assert.That(await client.GetStringAsync("/"), Is.EqualTo("https"));
    }

    [Test]
    public async Task Https_fullchain_pem_sends_the_intermediate_certificates()
    {
        using var root = TestCertificate.Create("CN=MicroWeb test root", certificateAuthority: true);
        var directory = root.Directory;
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=MicroWeb test intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        using var intermediatePublic = intermediateRequest.Create(root.Certificate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), [5, 6, 7, 8]);
        using var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=leaf", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var leaf = request.Create(intermediate, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(6), [1, 2, 3, 4]);
        var fullchain = Path.Combine(directory, "fullchain.pem");
        var key = Path.Combine(directory, "leaf.key");
        File.WriteAllText(fullchain, leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem());
        File.WriteAllText(key, leafKey.ExportPkcs8PrivateKeyPem());
        await using var app = await StartFromConfigurationAsync(new()
        {
            ["Server:Certificates:Default:Path"] = fullchain,
            ["Server:Certificates:Default:KeyPath"] = key,
        });

        string[] sent = [];
        await using var tls = await HandshakeAsync(new Uri(app.Urls[0]).Port, new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = (_, presented, chain, _) =>
            {
                // What the server sent with its own certificate (a self-signed root is never sent, RFC 8446 §4.4.2).
                sent = [.. chain!.ChainPolicy.ExtraStore.Select(c => c.Thumbprint)];
                return presented!.GetCertHashString() == leaf.GetCertHashString();
            },
        });

        Assert.That(sent, Does.Contain(intermediate.Thumbprint));
    }

    [Test]
    public void Https_without_a_certificate_fails_at_startup_naming_the_keys()
    {
        var error = BuildFails(new() { ["Server:Urls"] = "https://127.0.0.1:0" });
        Assert.That(error, Does.Contain("'Server:Urls'").And.Contain("https://127.0.0.1:0").And.Contain("Server:Certificates:Default:Path"));
    }

    [Test]
    public void Https_missing_certificate_file_fails_at_startup_naming_the_key_and_the_file()
    {
        var missing = Path.Combine(Path.GetTempPath(), "microweb-no-such-dir", "cert.pem");
        var error = BuildFails(new() { ["Server:Certificates:Default:Path"] = missing, ["Server:Certificates:Default:KeyPath"] = missing + ".key" });
        Assert.That(error, Does.Contain("'Server:Certificates:Default:Path'").And.Contain(missing).And.Contain("does not exist"));
    }

    [Test]
    public void Https_relative_certificate_path_is_resolved_from_the_content_root()
    {
        var error = BuildFails(new() { ["Server:Certificates:Default:Path"] = "certs/site.pem", ["Server:Certificates:Default:KeyPath"] = "certs/site.key" });
        Assert.That(error, Does.Contain(Path.Combine(AppContext.BaseDirectory, "certs", "site.pem")).Or.Contain(Path.Combine(Directory.GetCurrentDirectory(), "certs", "site.pem")));
    }

    [Test]
    public void Https_pem_without_key_path_fails_at_startup_naming_key_path()
    {
        using var certificate = TestCertificate.Create();
        var error = BuildFails(new() { ["Server:Certificates:Default:Path"] = certificate.CertPath });
        Assert.That(error, Does.Contain("'Server:Certificates:Default:KeyPath'").And.Contain(certificate.CertPath));
    }

    [Test]
    public void Https_pem_key_of_another_certificate_fails_at_startup_naming_key_path()
    {
        using var certificate = TestCertificate.Create();
        using var other = TestCertificate.Create("CN=another");
        var error = BuildFails(new() { ["Server:Certificates:Default:Path"] = certificate.CertPath, ["Server:Certificates:Default:KeyPath"] = other.KeyPath });
        Assert.That(error, Does.Contain("'Server:Certificates:Default:KeyPath'").And.Contain(other.KeyPath).And.Contain(certificate.CertPath));
    }

    [Test]
    public void Https_pfx_with_wrong_password_fails_at_startup_naming_the_password_key()
    {
        using var certificate = TestCertificate.Create();
        var error = BuildFails(new() { ["Server:Certificates:Default:Path"] = certificate.PfxPath, ["Server:Certificates:Default:Password"] = "wrong" });
        Assert.That(error, Does.Contain("'Server:Certificates:Default:Password'").And.Contain(certificate.PfxPath).And.Not.Contain("wrong"));
    }

    [Test]
    public void Https_not_a_certificate_fails_at_startup_naming_the_path()
    {
        using var certificate = TestCertificate.Create();
        File.WriteAllText(certificate.CertPath, "not a certificate");
        var error = BuildFails(new() { ["Server:Certificates:Default:Path"] = certificate.CertPath, ["Server:Certificates:Default:KeyPath"] = certificate.KeyPath });
        Assert.That(error, Does.Contain("'Server:Certificates:Default:Path'").And.Contain("no PEM certificate"));
    }

    [TestCase("Server:TlsHandshakeTimeout", "never", "'Server:TlsHandshakeTimeout'")]
    [TestCase("Server:TlsHandshakeTimeout", "-00:00:01", "'Server:TlsHandshakeTimeout'")]
    [TestCase("Server:Certificates:Other:Path", "x.pem", "'Server:Certificates:Other'")]
    [TestCase("Server:Certificates:Default:Pasword", "x", "'Server:Certificates:Default:Pasword'")]
    public void Https_bad_setting_fails_at_startup_naming_the_key(string key, string value, string named)
    {
        var error = BuildFails(new() { [key] = value });
        Assert.That(error, Does.Contain(named));
    }

    [Test]
    public void Https_handshake_timeout_is_bound()
    {
        var builder = MicroWebApp.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection([new("Server:TlsHandshakeTimeout", "00:00:02")]);
        var options = (ServerOptions)builder.Build().Services.GetService(typeof(ServerOptions))!;
        Assert.That(options.TlsHandshakeTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(new ServerOptions().TlsHandshakeTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    private static async Task<MicroWebApp> StartFromConfigurationAsync(Dictionary<string, string?> settings)
    {
        var builder = MicroWebApp.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection([new("Server:Urls", "https://127.0.0.1:0"), .. settings]);
        var app = builder.Build();
        app.Run(async context => await context.Response.WriteAsync(context.Request.Scheme));
        await app.StartAsync();
        return app;
    }

    private static string BuildFails(Dictionary<string, string?> settings)
    {
        var builder = MicroWebApp.CreateBuilder([]);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        var error = Assert.Throws<InvalidOperationException>(() => builder.Build())!;
        Assert.That(error.Message, Does.Not.Contain('\n'), "one line");
        return error.Message;
    }

    /// <summary>Returns once the server has closed or reset the connection; fails (timeout) if it stays open.</summary>
    private static async Task AssertClosedAsync(TcpClient client)
    {
        var buffer = new byte[1024];
        try
        {
            while (await client.GetStream().ReadAsync(buffer).AsTask().WaitAsync(s_wait) > 0) { }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
    }

    private static async Task AssertClosedAsync(RawConnection connection)
    {
        try
        {
            await connection.ReadToEndAsync();
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
