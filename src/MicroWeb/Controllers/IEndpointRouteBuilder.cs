using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// Something routes can be mapped into with <c>MapControllers</c>, <c>MapGet</c> and friends: the app itself
/// (<see cref="MicroWebApp"/>). The mapping methods are extensions on this interface, so the controller layer
/// needs nothing from hosting.
/// </summary>
/// <remarks>Implemented inside MicroWeb only: its one member is internal.</remarks>
public interface IEndpointRouteBuilder
{
    /// <summary>The routes mapped so far; they become the route table when the app starts.</summary>
    internal EndpointCollection Endpoints { get; }
}
