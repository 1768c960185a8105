using LoadBench;
using MicroWeb;

public sealed class HelloController : Controller
{
    [HttpGet("/plaintext")]
    public string Plaintext() => "Hello, World!";

    [HttpGet("/json")]
    public HelloMessage GetJson() => new("Hello, World!");
}

public sealed class UsersController(UserRepository users) : Controller
{
    [HttpGet("/users/{id:int}")]
    public UserInfo Get(int id) => users.Find(id);
}

public sealed class PageController : Controller
{
    [HttpGet("/page")]
    public IResult Get() => View(PageView.Instance);
}

public sealed class BenchController : Controller
{
    [HttpGet("/_alloc")]
    public string Allocated() => Bench.AllocatedBytes();
}
