using System.Net;
using System.Net.Sockets;
using MicroWeb.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Testing;

/// <summary>The test host binds no port, and disposing it leaves nothing behind.</summary>
public class TestHostLifetimeTests
{
    private sealed class DisposeProbe : IAsyncDisposable
    {
        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask DisposeAsync()
        {
            Disposed.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }

    [Test]
    public async Task No_port_is_bound_even_when_the_configured_one_is_taken()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        await using var host = MicroWebTestHost.Create(args => NotesApp.Build(args))
            .WithSetting("Server:Urls", $"http://127.0.0.1:{port}");
        using var client = host.CreateClient();
        Assert.That(await client.GetStringAsync("/notes/greet/ada"), Is.EqualTo("hello, ada"), "binding the taken port would have thrown");
        Assert.That(host.App.Urls, Is.Empty);
    }

    [Test]
    public async Task Disposing_aborts_requests_in_flight_and_disposes_their_scope_and_the_services()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = MicroWebTestHost.Create(
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<DisposeProbe>();
                builder.Services.AddScoped<IAsyncDisposable, DisposeProbe>();
            },
            app => app.MapGet("/hang", async (HttpContext context, IAsyncDisposable scoped) =>
            {
                context.Items["scoped"] = scoped;
                started.SetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    aborted.SetResult();
                    throw;
                }
                return "unreachable";
            }));
        var singleton = host.Services.GetRequiredService<DisposeProbe>();
        var client = host.CreateClient();
        var pending = client.GetAsync("/hang");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(async () => await pending.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<OperationCanceledException>());
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await singleton.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(() => client.GetAsync("/"), Throws.InstanceOf<ObjectDisposedException>(), "clients the host created are disposed with it");
    }

    [Test]
    public async Task A_disposed_host_refuses_new_work_and_disposing_twice_is_harmless()
    {
        var host = MicroWebTestHost.Create(args => NotesApp.Build(args));
        using (var client = host.CreateClient())
        {
            Assert.That(await client.GetStringAsync("/notes/greet/x"), Is.EqualTo("hello, x"));
        }
        await host.DisposeAsync();
        await host.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => host.CreateClient());
        Assert.Throws<ObjectDisposedException>(() => host.OpenConnection());
        Assert.Throws<ObjectDisposedException>(() => _ = host.Services);
    }

    [Test]
    public async Task Disposing_a_host_that_never_started_does_not_build_the_app()
    {
        var built = false;
        var host = MicroWebTestHost.Create(args =>
        {
            built = true;
            return NotesApp.Build(args);
        });
        await host.DisposeAsync();
        Assert.That(built, Is.False);
    }
}
