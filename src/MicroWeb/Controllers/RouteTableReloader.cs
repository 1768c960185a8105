using System.Reflection.Metadata;
using MicroWeb.Controllers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

[assembly: MetadataUpdateHandler(typeof(RouteTableReloader))]

namespace MicroWeb.Controllers;

/// <summary>
/// Hot reload's hook into routing: after <c>dotnet watch</c> applies an edit, the runtime calls
/// <see cref="UpdateApplication"/>, and every running app rebuilds its route table, so an action added by the
/// edit answers instead of 404. Only apps built while <see cref="MetadataUpdater.IsSupported"/> register.
/// </summary>
/// <remarks>
/// Apps are held weakly, and a disposed one is dropped at the next update. A rebuild that fails (the edit made two
/// routes ambiguous, a template invalid) logs one line and leaves that app on its previous table.
/// </remarks>
internal static class RouteTableReloader
{
    private static readonly List<WeakReference<EndpointCollection>> s_apps = [];

    /// <summary>Remembers <paramref name="app"/> for the next update.</summary>
    public static void Register(EndpointCollection app)
    {
        lock (s_apps)
        {
            s_apps.RemoveAll(reference => !reference.TryGetTarget(out _));
            s_apps.Add(new WeakReference<EndpointCollection>(app));
        }
    }

    private static void Forget(EndpointCollection app)
    {
        lock (s_apps)
        {
            s_apps.RemoveAll(reference => !reference.TryGetTarget(out var target) || target == app);
        }
    }

    /// <summary>Called by the runtime after an edit is applied (<see cref="MetadataUpdateHandlerAttribute"/>).</summary>
    /// <param name="updatedTypes">The types the edit changed, or null; routes are rebuilt whole, so they are not needed.</param>
    public static void UpdateApplication(Type[]? updatedTypes)
    {
        EndpointCollection[] apps;
        lock (s_apps)
        {
            apps = [.. s_apps.Select(reference => reference.TryGetTarget(out var app) ? app : null).OfType<EndpointCollection>()];
        }

        foreach (var app in apps)
        {
            try
            {
                app.Rebuild();
            }
            catch (ObjectDisposedException)
            {
                // The app was disposed (its services with it) but not yet collected: it serves nothing any more.
                Forget(app);
            }
            catch (Exception e)
            {
                // Whatever the edit broke (ambiguous or invalid routes, a type reflection cannot load), the app keeps
                // serving its previous table; the next edit tries again.
                app.Services.GetService<ILoggerFactory>()?.CreateLogger("MicroWeb.HotReload")
                    .LogError("Hot reload: the routes were not rebuilt, the previous ones still answer: {Reason}", e.Message);
            }
        }
    }
}
