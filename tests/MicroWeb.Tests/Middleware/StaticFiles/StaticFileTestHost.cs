using System.Text;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Middleware.StaticFiles;

/// <summary>A temp folder with a <c>static</c> root inside and a secret beside it, served by a real server.</summary>
internal static class StaticFileTestHost
{
    public const string Secret = "TOP-SECRET-7f3a";

    /// <summary>Requests nothing serves end here: 404 with a marker body, so a test can tell "fell through" apart.</summary>
    public static Task FallThrough(HttpContext context)
    {
        context.Response.StatusCode = 404;
        return context.Response.WriteAsync("fell through").AsTask();
    }

    public static TempDirectory CreateSite()
    {
        var dir = new TempDirectory();
        dir.Write("secret.txt", Secret);
        Directory.CreateDirectory(dir.Combine("static"));
        return dir;
    }

    public static Task<TestServer> StartAsync(TempDirectory dir, Action<StaticFileOptions>? configure = null, Action<MicroWebApp>? before = null)
    {
        var options = new StaticFileOptions { RootPath = dir.Combine("static") };
        configure?.Invoke(options);
        return TestServer.StartAsync(FallThrough, configurePipeline: app =>
        {
            before?.Invoke(app);
            app.UseStaticFiles(options);
        });
    }

    /// <summary>Sends a request target byte for byte (no client-side normalisation) and reads the response.</summary>
    public static async Task<RawResponse> RawAsync(TestServer server, string target, string method = "GET", string extraHeaders = "")
    {
        using var connection = await server.ConnectAsync();
        await connection.SendAsync(Encoding.UTF8.GetBytes($"{method} {target} HTTP/1.1\r\nHost: t\r\n{extraHeaders}Connection: close\r\n\r\n"));
        return await connection.ReadResponseAsync(headRequest: method == "HEAD");
    }
}
