using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// Something routes can be mapped into with <c>MapControllers</c>, <c>MapGet</c> and friends: the app itself
/// (<see cref="MicroWebApp"/>), or a route group (<see cref="RouteGroupBuilder"/>, from <c>MapGroup</c>). The mapping
/// methods are extensions on this interface, so the controller layer needs nothing from hosting.
/// </summary>
/// <remarks>Implemented inside MicroWeb only: its members are internal.</remarks>
public interface IEndpointRouteBuilder
{
    /// <summary>The routes mapped so far; they become the route table when the app starts.</summary>
    internal EndpointCollection Endpoints { get; }

    /// <summary>The prefix put in front of every route mapped here (a group's), or null at the app's top level.</summary>
    internal string? RoutePrefix => null;

    /// <summary>The metadata and filters every endpoint mapped here gets (a group's), or null at the app's top level.</summary>
    internal EndpointConventions? GroupConventions => null;
}
