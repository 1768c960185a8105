using MicroWeb;

Program.Build(args).Run();

public partial class Program
{
    /// <summary>Builds the app without running it: Program.cs runs it, tests run it in memory (MicroWebTestHost).</summary>
    public static MicroWebApp Build(string[] args)
    {
        var builder = MicroWebApp.CreateBuilder(args);
        var app = builder.Build();

        // First: behind a reverse proxy on this machine, the client's address, scheme and host come from its X-Forwarded-* headers.
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        // Empty 4xx/5xx responses (a 404 from no route) get templates/error.html in the layout; API clients get problem+json.
        app.UseStatusCodePages(new StatusCodePagesOptions { Template = "error.html" });
        app.UseStaticFiles();
        app.MapControllers(typeof(Program).Assembly);

        return app;
    }
}
