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
        app.UseExceptionHandler();
        app.UseStaticFiles();
        app.MapControllers(typeof(Program).Assembly);

        return app;
    }
}
