using LoadBench;
using Microsoft.AspNetCore.Mvc;

public sealed class HelloController : ControllerBase
{
    [HttpGet("/plaintext")]
    public string Plaintext() => "Hello, World!";

    [HttpGet("/json")]
    public HelloMessage GetJson() => new("Hello, World!");
}

[ApiController]
public sealed class UsersController(UserRepository users) : ControllerBase
{
    [HttpGet("/users/{id:int}")]
    public UserInfo Get(int id) => users.Find(id);
}

public sealed class PageController : Controller
{
    [HttpGet("/page")]
    public IActionResult Get() => View("Page", PageModel.Instance);
}

public sealed class BenchController : ControllerBase
{
    [HttpGet("/_alloc")]
    public string Allocated() => Bench.AllocatedBytes();
}
