namespace MicroWeb.Controllers;

/// <summary>
/// The metadata and filters a route group or one mapped endpoint adds to its endpoints, with the group it sits in as
/// <see cref="Parent"/>. Read when the route table is built, not when a route is mapped, so a convention added after a
/// <c>MapGet</c> still reaches it; once the table is built, adding one throws.
/// </summary>
internal sealed class EndpointConventions(EndpointCollection endpoints, EndpointConventions? parent)
{
    private readonly List<object> _metadata = [];
    private readonly List<EndpointFilterRegistration> _filters = [];

    /// <summary>The enclosing group's conventions, or null at the app's top level.</summary>
    public EndpointConventions? Parent => parent;

    /// <summary>The collection the endpoints are mapped into.</summary>
    public EndpointCollection Endpoints => endpoints;

    /// <exception cref="InvalidOperationException">The app has started.</exception>
    public void AddMetadata(object item)
    {
        endpoints.ThrowIfBuilt();
        _metadata.Add(item);
    }

    /// <exception cref="InvalidOperationException">The app has started.</exception>
    public void AddFilter(EndpointFilterRegistration filter)
    {
        endpoints.ThrowIfBuilt();
        _filters.Add(filter);
    }

    /// <summary>
    /// Appends this level's metadata, then the enclosing groups', innermost first: the most specific comes first, as an
    /// action's attributes come before its controller's, so "the first one wins" rules (CORS) prefer it.
    /// </summary>
    public void CollectMetadata(List<object> into)
    {
        for (var level = this; level is not null; level = level.Parent)
        {
            into.AddRange(level._metadata);
        }
    }

    /// <summary>Appends the filters, outermost group first: a group's filters run around those of the groups and endpoints inside it.</summary>
    public void CollectFilters(List<EndpointFilterRegistration> into)
    {
        parent?.CollectFilters(into);
        into.AddRange(_filters);
    }
}
