using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using MicroWeb.Configuration;
using MicroWeb.Controllers;
using MicroWeb.Hosting;
using MicroWeb.Hosting.HealthChecks;
using MicroWeb.HttpResults;
using MicroWeb.Routing;
using MicroWeb.Security;
using MicroWeb.Templates;

namespace MicroWeb;

/// <summary>
/// Configures a <see cref="MicroWebApp"/>: configuration, services, logging and server options.
/// Create one with <see cref="MicroWebApp.CreateBuilder"/>.
/// </summary>
public sealed class MicroWebAppBuilder
{
    private static readonly Dictionary<string, string> s_switchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--urls"] = "Server:Urls",
        ["--port"] = "Server:Port",
        ["--environment"] = "Environment",
        ["--contentRoot"] = "ContentRoot",
    };

    private readonly List<Action<ServerOptions>> _serverConfigurations = [];
    private readonly BuilderOverrides? _overrides;
    private readonly MemoryConfigurationSource? _overrideSource;
    private readonly string[] _args;
    private bool _built;

    internal MicroWebAppBuilder(string[] args)
    {
        _overrides = BuilderOverrides.Current;
        StartupFailure.Install();
        // --verbose is a switch without a value; read as configuration it would take the next argument as its value.
        args = StartupFailure.TakeVerboseSwitch(args, out var verbose);
        _args = args;

        // Environment and content root decide which appsettings files to read, so they come first.
        var bootstrapBuilder = new ConfigurationBuilder()
            .AddEnvironmentVariables(MicroWebApp.EnvironmentVariablePrefix)
            .AddCommandLine(args, s_switchMappings);
        if (_overrides is not null) bootstrapBuilder.AddInMemoryCollection(_overrides.Settings);
        var bootstrap = bootstrapBuilder.Build();
        var contentRoot = ContentRoot.Resolve(bootstrap["ContentRoot"], Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        var environmentName = EnvironmentName.Resolve(bootstrap["Environment"], System.Environment.GetEnvironmentVariable);
        Environment = new MicroWebEnvironment(environmentName, contentRoot);

        Configuration = new ConfigurationManager();
        Configuration.SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environmentName}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(MicroWebApp.EnvironmentVariablePrefix)
            .AddCommandLine(args, s_switchMappings);
        if (_overrides is not null)
        {
            // A test host's settings: last, so they win while the app reads configuration before Build().
            _overrideSource = new MemoryConfigurationSource { InitialData = _overrides.Settings };
            ((IConfigurationBuilder)Configuration).Add(_overrideSource);
        }

        Services = new ServiceCollection();
        Logging = new LoggingBuilder(Services);
        Services.AddLogging();
        Logging.AddConfiguration(Configuration.GetSection("Logging"));
        Hosting.Logging.ConsoleLogging.Add(Logging);
        Services.AddSingleton<IConfiguration>(Configuration);
        Services.AddSingleton(Environment);
        Services.AddSingleton<AppLifetimeState>();
        StartupFailure.Configure(verbose, Environment.IsDevelopment(), SourceOf);
    }

    /// <summary>
    /// Configuration from appsettings.json, appsettings.{Environment}.json, environment variables prefixed
    /// <c>MICROWEB_</c> (<c>__</c> separates sections) and the command line, later sources winning.
    /// </summary>
    public ConfigurationManager Configuration { get; }

    /// <summary>The services the app's handlers and controllers get from dependency injection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Logging providers and filters; the console is on by default, filtered by the <c>Logging</c> section.</summary>
    public ILoggingBuilder Logging { get; }

    /// <summary>The environment the app runs in.</summary>
    public MicroWebEnvironment Environment { get; }

    /// <summary>Adjusts server options after they are read from configuration (for example, in tests).</summary>
    public MicroWebAppBuilder ConfigureServer(Action<ServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _serverConfigurations.Add(configure);
        return this;
    }

    /// <summary>Validates the configuration and builds the app.</summary>
    /// <exception cref="InvalidOperationException">
    /// A configuration value is invalid, or a key is unknown; the message names the key and the source that supplied it.
    /// </exception>
    public MicroWebApp Build()
    {
        if (_built) throw new InvalidOperationException("Build() can only be called once.");
        _built = true;
        KeepOverridesLast();
        try
        {
            return BuildApp();
        }
        catch (InvalidOperationException e) when (ConfigurationError.TryGetUnnamedKey(e, out var key) && SourceOf(key) is { } source)
        {
            throw ConfigurationError.WithSource(e, source);
        }
    }

    private MicroWebApp BuildApp()
    {
        ConfigurationSections.RejectNearMisses(Configuration);

        var serverOptions = ServerOptionsBinder.Bind(Configuration, Environment.ContentRootPath);
        foreach (var configure in _serverConfigurations) configure(serverOptions);
        ServerOptionsBinder.Validate(serverOptions);
        Services.AddSingleton(serverOptions);
        var templateOptions = TemplateOptionsBinder.Bind(Configuration, Environment);
        Services.TryAddSingleton(templateOptions);
        Services.TryAddSingleton(services => new TemplateEngine(services.GetRequiredService<TemplateOptions>(), Environment.ContentRootPath));
        Services.TryAddSingleton<IViewRenderer>(services => new TemplateViewRenderer(services.GetRequiredService<TemplateEngine>()));
        Services.TryAddSingleton<Middleware.Diagnostics.IErrorPageViews>(services => new ErrorPageViews(services.GetRequiredService<TemplateEngine>()));
        Services.TryAddSingleton(new CookieProtection(Configuration, Environment.ContentRootPath));
        Services.TryAdd(ServiceDescriptor.Singleton(typeof(CookieSecurePolicy), CookieSecurePolicyBinder.Bind(Configuration)));
        Services.TryAddSingleton(PasswordHasherBinder.Bind(Configuration));
        JwtBearerOptionsBinder.Register(Services, Configuration, Environment.ContentRootPath);
        Services.TryAddSingleton(new PasswordPolicy());
        Services.TryAddSingleton<EndpointMetadataLookup>();
        // A test host's registrations come after the app's and the defaults, so they replace either.
        if (_overrides is not null)
        {
            foreach (var configure in _overrides.ServiceConfigurations) configure(Services);
        }

        Services.AddSingleton(new ServiceLifetimes(Services));
        var services = Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = Environment.IsDevelopment() });
        return new MicroWebApp(services, Configuration, Environment, serverOptions) { Overrides = _overrides };
    }

    /// <summary>Which configuration source supplied <paramref name="key"/> (a file, a variable, a switch), for error messages.</summary>
    private string? SourceOf(string key) =>
        ConfigurationSourceName.Find(Configuration, key, Environment.ContentRootPath, _args, s_switchMappings, MicroWebApp.EnvironmentVariablePrefix);

    /// <summary>Moves a test host's settings behind any source the app added after the constructor, so they still win.</summary>
    private void KeepOverridesLast()
    {
        if (_overrideSource is null) return;
        var sources = Configuration.Sources;
        if (sources.Count > 0 && ReferenceEquals(sources[^1], _overrideSource)) return;
        sources.Remove(_overrideSource);
        sources.Add(_overrideSource);
    }
}
