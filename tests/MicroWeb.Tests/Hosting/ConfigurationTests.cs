using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Hosting;

public class ConfigurationTests
{
    private static MicroWebAppBuilder Builder(params string[] args)
    {
        var builder = MicroWebApp.CreateBuilder(args);
        builder.Logging.ClearProviders();
        return builder;
    }

    [TestCase("Server:KeepAliveTimeout", "soon", TestName = "Bad_timespan_fails_at_startup_naming_the_key")]
    [TestCase("Server:MaxRequestBodySize", "-5", TestName = "Negative_size_fails_at_startup_naming_the_key")]
    [TestCase("Server:MaxRequestHeaderCount", "many", TestName = "Non_numeric_count_fails_at_startup_naming_the_key")]
    [TestCase("Server:Port", "70000", TestName = "Port_out_of_range_fails_at_startup_naming_the_key")]
    [TestCase("Server:Urls", "https://localhost:5001", TestName = "Https_url_without_a_certificate_fails_at_startup_naming_the_key")]
    [TestCase("Server:Urls", "http://example.com:80", TestName = "Host_name_url_fails_at_startup_naming_the_key")]
    [TestCase("Server:Urls", "localhost", TestName = "Url_without_scheme_fails_at_startup_naming_the_key")]
    public void Bad_configuration_value_fails_at_startup_naming_the_key(string key, string value)
    {
        var builder = Builder();
        builder.Configuration.AddInMemoryCollection([new(key, value)]);
        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.That(error!.Message, Does.Contain(key).And.Contain(value));
    }

    [Test]
    public void Unknown_server_key_is_reported_with_the_known_ones()
    {
        var builder = Builder();
        builder.Configuration.AddInMemoryCollection([new("Server:KeepAlive", "00:00:10")]);
        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.That(error!.Message, Does.Contain("Server:KeepAlive").And.Contain("KeepAliveTimeout"));
    }

    [Test]
    public void Invalid_value_set_in_code_is_also_rejected()
    {
        var builder = Builder();
        builder.ConfigureServer(o => o.MaxRequestLineSize = 0);
        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.That(error!.Message, Does.Contain("Server:MaxRequestLineSize"));
    }

    [Test]
    public void Server_options_are_bound_from_configuration()
    {
        var builder = Builder("--port", "0");
        builder.Configuration.AddInMemoryCollection([
            new("Server:KeepAliveTimeout", "00:00:05"),
            new("Server:MaxRequestBodySize", "1024"),
        ]);
        var options = builder.Build().Services.GetRequiredService<ServerOptions>();
        Assert.That(options.KeepAliveTimeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(options.MaxRequestBodySize, Is.EqualTo(1024));
        Assert.That(options.Urls, Is.EqualTo("http://localhost:0"));
    }

    [Test]
    public void Command_line_and_prefixed_environment_variables_feed_configuration()
    {
        Environment.SetEnvironmentVariable("MICROWEB_Greeting__Text", "from-env");
        try
        {
            var builder = Builder("--Other=from-args", "--environment", "Development");
            Assert.That(builder.Configuration["Greeting:Text"], Is.EqualTo("from-env"));
            Assert.That(builder.Configuration["Other"], Is.EqualTo("from-args"));
            Assert.That(builder.Environment.IsDevelopment(), Is.True);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MICROWEB_Greeting__Text", null);
        }
    }

    [Test]
    public void Appsettings_files_for_the_environment_are_layered()
    {
        var root = Directory.CreateTempSubdirectory("microweb-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "appsettings.json"), """{ "Name": "base", "Only": "base" }""");
            File.WriteAllText(Path.Combine(root, "appsettings.Staging.json"), """{ "Name": "staging" }""");
            var builder = Builder("--contentRoot", root, "--environment", "Staging");
            Assert.That(builder.Configuration["Name"], Is.EqualTo("staging"));
            Assert.That(builder.Configuration["Only"], Is.EqualTo("base"));
            Assert.That(builder.Environment.ContentRootPath, Is.EqualTo(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task Port_zero_binds_a_free_port_that_is_logged_and_exposed()
    {
        var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        var logs = new Support.ListLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        await using var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("hi").AsTask());
        Assert.That(app.Urls, Is.Empty, "nothing bound before start");
        await app.StartAsync();

        var url = app.Urls.Single();
        var port = new Uri(url).Port;
        Assert.That(port, Is.GreaterThan(0));
        Assert.That(logs.Entries.Any(e => e.Message.Contains(url["http://".Length..])), Is.True);
        using var client = new HttpClient();
        Assert.That(await client.GetStringAsync(url), Is.EqualTo("hi"));
    }

    [Test]
    public async Task Binding_a_port_in_use_fails_with_the_address()
    {
        await using var first = await Support.TestServer.StartAsync(_ => Task.CompletedTask);
        var builder = Builder("--urls", $"http://127.0.0.1:{first.Port}");
        await using var second = builder.Build();
        var error = await Assert.ThrowsAsync<IOException>(() => second.StartAsync());
        Assert.That(error!.Message, Does.Contain($"127.0.0.1:{first.Port}"));
    }

    [Test]
    public async Task Middleware_runs_in_registration_order_around_the_terminal_handler()
    {
        var order = new List<string>();
        await using var server = await Support.TestServer.StartAsync(
            context =>
            {
                order.Add("handler");
                return context.Response.WriteAsync("done").AsTask();
            },
            configurePipeline: app =>
            {
                app.Use(async (context, next) =>
                {
                    order.Add("first-in");
                    await next();
                    order.Add("first-out");
                });
                app.Use(async (HttpContext context, RequestDelegate next) =>
                {
                    order.Add("second-in");
                    await next(context);
                    order.Add("second-out");
                });
            });
        using var client = server.CreateClient();
        await client.GetStringAsync("/");
        Assert.That(order, Is.EqualTo(new[] { "first-in", "second-in", "handler", "second-out", "first-out" }));
    }

    [Test]
    public async Task Without_a_terminal_handler_requests_get_404()
    {
        var builder = Builder("--urls", "http://127.0.0.1:0");
        await using var app = builder.Build();
        await app.StartAsync();
        using var client = new HttpClient();
        var response = await client.GetAsync(app.Urls[0] + "/nothing");
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }
}
