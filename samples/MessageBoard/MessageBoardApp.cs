using MessageBoard.Data;
using MicroWeb;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MessageBoard;

/// <summary>Builds the message board; Program.cs runs it, the tests start it on an ephemeral port.</summary>
public static class MessageBoardApp
{
    public static MicroWebApp Build(string[] args, Action<MicroWebAppBuilder>? configure = null)
    {
        var builder = MicroWebApp.CreateBuilder(args);
        string file = builder.Configuration["MessageBoard:Database"] is { Length: > 0 } configured ? configured : "messageboard.db";
        string path = Path.GetFullPath(file, builder.Environment.ContentRootPath);
        var database = new SqliteDatabase(path);
        database.EnsureCreated();

        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<IUserStore, SqliteUserStore>();
        builder.Services.AddSingleton<IMessageStore, SqliteMessageStore>();
        configure?.Invoke(builder);

        var app = builder.Build();
        // First, so everything after it sees the client's address, scheme and host; believes only a proxy on loopback unless ForwardedHeaders says otherwise.
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseRequestLogging();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAntiforgery();
        app.MapControllers(typeof(MessageBoardApp).Assembly);
        return app;
    }
}
