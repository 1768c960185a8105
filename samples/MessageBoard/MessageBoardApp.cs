using System.Globalization;
using MessageBoard.Api;
using MessageBoard.Controllers;
using MessageBoard.Data;
using MicroWeb;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MessageBoard;

/// <summary>Builds the message board; Program.cs runs it, the tests start it on an ephemeral port.</summary>
public static class MessageBoardApp
{
    public static MicroWebApp Build(string[] args, Action<MicroWebAppBuilder>? configure = null)
    {
        var builder = MicroWebApp.CreateBuilder(args);
        AddDatabase(builder);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        AccountRateLimits.Add(builder);
        // Bearer tokens for /api when Authentication:Bearer:SigningKeys:0 holds a secret (environment or command line).
        var tokens = BoardTokens.Add(builder);
        // The API's JSON types from generated code (Api/BoardJson.cs): what a Native AOT publish needs, and the JIT uses too.
        builder.Services.ConfigureJson(json => json.TypeInfoResolverChain.Insert(0, BoardJson.Default));
        builder.Services.AddOpenApi(options =>
        {
            options.Title = "MessageBoard";
            options.Version = typeof(MessageBoardApp).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
            options.Description = "The message board's JSON API: read messages, post and delete your own. Errors are RFC 9457 problem documents.";
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        LogBearer(app, tokens);
        if (app.Services.GetService<PostgresDatabase>() is { } postgres)
        {
            // Before the server listens; under an advisory lock, so instances starting together do not race.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            postgres.MigrateAsync(timeout.Token).GetAwaiter().GetResult();
        }
        string? instance = app.Configuration["MessageBoard:InstanceName"] is { Length: > 0 } name ? name : null;
        // First, so everything after it sees the client's address, scheme and host; believes only a proxy on loopback unless ForwardedHeaders says otherwise.
        app.UseForwardedHeaders();
        app.UseSecurityHeaders(new SecurityHeadersOptions { ContentSecurityPolicy = ContentSecurityPolicy });
        // Swagger UI draws its icons as data: SVG images; /docs alone allows those (images run no script).
        app.Use(DocsPagePolicy);
        // Outside the exception handler, so error pages carry the header too.
        if (instance is not null) app.Use(InstanceHeader(instance));
        // Error pages in the board's layout (templates/error.html, errors/404.html…) for browsers; problem+json for API clients.
        app.UseExceptionHandler(new ExceptionHandlerOptions { Template = "error.html", ConfigureModel = ErrorPageModel });
        app.UseRequestLogging();
        app.UseStatusCodePages(new StatusCodePagesOptions { Template = "error.html", ConfigureModel = ErrorPageModel });
        // Inside the exception handler: a database that cannot be reached is a styled 503, not a 500.
        app.Use<DatabaseUnavailableMiddleware>();
        app.UseStaticFiles();
        var users = app.Services.GetRequiredService<IUserStore>();
        app.UseAuthentication(new AuthenticationOptions { OnValidatePrincipal = context => ValidateSecurityStampAsync(context, users) });
        if (tokens is not null) app.Use(BearerSecurityStamp.Check(user => HasCurrentStampAsync(user, users)));
        app.UseAntiforgery();
        // The HTML pages and the probes are for browsers and load balancers: /openapi.json describes the API only.
        var undescribed = app.MapGroup("").WithMetadata(new ExcludeFromDescriptionAttribute());
        undescribed.MapControllers(typeof(MessageBoardApp).Assembly);
        // /api/messages (and /api/tokens with bearer on) for programs: JSON, route groups and endpoint filters (Api/MessagesApi.cs).
        MessagesApi.Map(app, tokens);
        app.MapOpenApi();
        // Swagger UI from the npm package swagger-ui-dist (package.json; fetched by the build when npm is there).
        app.MapOpenApiUi("/docs", "/openapi.json", DocsUiDirectory);
        // For a load balancer: liveness runs no check; readiness asks the database and turns 503 while draining.
        undescribed.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        undescribed.MapHealthChecks("/readyz", new() { FailWhenStopping = true });
        return app;
    }

    /// <summary>The board's policy: everything from the board itself, no inline script or style, no framing.</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    /// <summary>The policy of the <c>/docs</c> page: the board's, plus <c>data:</c> images.</summary>
    public const string DocsContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    /// <summary>Where the build puts Swagger UI's files (swagger-ui-dist's), relative to the content root: see MessageBoard.csproj.</summary>
    public const string DocsUiDirectory = "node_modules/swagger-ui-dist";

    /// <summary>The response header naming the instance (<c>MessageBoard:InstanceName</c>), for operators and tests.</summary>
    public const string InstanceHeaderName = "X-Instance";

    /// <summary>
    /// The store for <c>MessageBoard:Provider</c>: <c>sqlite</c> (the default; the file is <c>MessageBoard:Database</c>,
    /// default messageboard.db) or <c>postgres</c> (<c>ConnectionStrings:MessageBoard</c>, a pooled data source).
    /// </summary>
    private static void AddDatabase(MicroWebAppBuilder builder)
    {
        string provider = builder.Configuration["MessageBoard:Provider"] is { Length: > 0 } configuredProvider ? configuredProvider : "sqlite";
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                string file = builder.Configuration["MessageBoard:Database"] is { Length: > 0 } configured ? configured : "messageboard.db";
                string path = Path.GetFullPath(file, builder.Environment.ContentRootPath);
                var database = new SqliteDatabase(path);
                database.EnsureCreated();
                builder.Services.AddSingleton(database);
                builder.Services.AddSingleton<IBoardDatabase>(database);
                builder.Services.AddSingleton<IUserStore, SqliteUserStore>();
                builder.Services.AddSingleton<IMessageStore, SqliteMessageStore>();
                // New posts reach this process's live viewers; processes sharing the file see them on reload.
                builder.Services.AddSingleton<PostHub>();
                builder.Services.AddSingleton<IPostNotifier, InProcessPostNotifier>();
                break;
            case "postgres":
                string connectionString = builder.Configuration.GetConnectionString("MessageBoard") is { Length: > 0 } cs
                    ? cs
                    : throw new BoardConfigurationException(
                        "MessageBoard:Provider is postgres but ConnectionStrings:MessageBoard is not set: pass --ConnectionStrings:MessageBoard \"Host=...;Username=...;Database=...\" or set MICROWEB_ConnectionStrings__MessageBoard.");
                NpgsqlDataSource dataSource;
                try
                {
                    dataSource = NpgsqlDataSource.Create(connectionString);
                }
                catch (ArgumentException e)
                {
                    throw new BoardConfigurationException($"ConnectionStrings:MessageBoard is not a valid PostgreSQL connection string ({e.Message}): fix it, e.g. \"Host=127.0.0.1;Username=board;Database=board\".");
                }
                // A factory registration, so the container disposes the pool when the app stops.
                builder.Services.AddSingleton(_ => dataSource);
                builder.Services.AddSingleton<PostgresDatabase>();
                builder.Services.AddSingleton<IBoardDatabase>(services => services.GetRequiredService<PostgresDatabase>());
                builder.Services.AddSingleton<IUserStore, PostgresUserStore>();
                builder.Services.AddSingleton<IMessageStore, PostgresMessageStore>();
                // LISTEN/NOTIFY: a post on any instance reaches the live viewers of every instance.
                builder.Services.AddSingleton<PostHub>();
                builder.Services.AddSingleton<IPostNotifier, PostgresPostNotifier>();
                break;
            default:
                throw new BoardConfigurationException($"MessageBoard:Provider is '{provider}', which is not a provider: set it to sqlite (the default) or postgres.");
        }
    }

    /// <summary>What the layout needs besides the error: the signed-in user and, for the log-out form, the CSRF field.</summary>
    private static void ErrorPageModel(HttpContext context, IDictionary<string, object?> model)
    {
        var user = context.GetUser();
        if (!user.IsAuthenticated || !user.Claims.TryGetValue("name", out string? name)) return;
        model["currentUser"] = name;
        model["csrf"] = context.AntiforgeryField();
    }

    /// <summary>Sets the docs page's own policy, which UseSecurityHeaders leaves alone (a handler's own value wins).</summary>
    private static Task DocsPagePolicy(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path == "/docs") context.Response.Headers["Content-Security-Policy"] = DocsContentSecurityPolicy;
        return next(context);
    }

    private static Func<HttpContext, RequestDelegate, Task> InstanceHeader(string instance) => async (context, next) =>
    {
        context.Response.Headers[InstanceHeaderName] = instance;
        try
        {
            await next(context);
        }
        finally
        {
            // An error page replaces the headers; put it back while they can still change.
            if (!context.Response.HasStarted) context.Response.Headers[InstanceHeaderName] = instance;
        }
    };

    /// <summary>
    /// Signs out a cookie whose security stamp is not the user's current one: logged out since (the stamp rotates on
    /// logout), deleted, or issued before stamps existed. One primary-key lookup per request that has a sign-in cookie.
    /// </summary>
    private static async Task ValidateSecurityStampAsync(ValidatePrincipalContext context, IUserStore users)
    {
        if (!await HasCurrentStampAsync(context.User, users)) context.RejectPrincipal();
    }

    /// <summary>True when the user's stamp claim is the stored stamp: the cookie's check, and the bearer token's (Api/BearerSecurityStamp.cs).</summary>
    private static async Task<bool> HasCurrentStampAsync(User user, IUserStore users) =>
        long.TryParse(user.UserId, NumberStyles.None, CultureInfo.InvariantCulture, out long id)
            && user.Claims.TryGetValue(AccountController.SecurityStampClaim, out string? stamp)
            && await users.GetSecurityStampAsync(id) == stamp;

    /// <summary>One line at startup saying whether /api takes bearer tokens, so a missing key is not a silent surprise.</summary>
    private static void LogBearer(MicroWebApp app, BoardTokens? tokens)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MessageBoard");
        if (tokens is null)
        {
            logger.LogInformation("Bearer tokens are off: no {Setting} is configured, so /api accepts the sign-in cookie only", BoardTokens.KeySetting);
        }
        else
        {
            logger.LogInformation("Bearer tokens are on: POST /api/tokens issues them for {Audience}, valid for {Lifetime}", tokens.Audience, tokens.Lifetime);
        }
    }
}
