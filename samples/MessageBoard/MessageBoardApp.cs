using System.Globalization;
using MessageBoard.Controllers;
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
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        configure?.Invoke(builder);

        var app = builder.Build();
        // First, so everything after it sees the client's address, scheme and host; believes only a proxy on loopback unless ForwardedHeaders says otherwise.
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseRequestLogging();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        var users = app.Services.GetRequiredService<IUserStore>();
        app.UseAuthentication(new AuthenticationOptions { OnValidatePrincipal = context => ValidateSecurityStampAsync(context, users) });
        app.UseAntiforgery();
        app.MapControllers(typeof(MessageBoardApp).Assembly);
        // For a load balancer: liveness runs no check; readiness asks the database and turns 503 while draining.
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { FailWhenStopping = true });
        return app;
    }

    /// <summary>
    /// Signs out a cookie whose security stamp is not the user's current one: logged out since (the stamp rotates on
    /// logout), deleted, or issued before stamps existed. One primary-key lookup per request that has a sign-in cookie.
    /// </summary>
    private static async Task ValidateSecurityStampAsync(ValidatePrincipalContext context, IUserStore users)
    {
        bool valid = long.TryParse(context.User.UserId, NumberStyles.None, CultureInfo.InvariantCulture, out long id)
            && context.User.Claims.TryGetValue(AccountController.SecurityStampClaim, out string? stamp)
            && await users.GetSecurityStampAsync(id) == stamp;
        if (!valid) context.RejectPrincipal();
    }
}
