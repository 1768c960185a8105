using System.ComponentModel.DataAnnotations;
using RangeAttribute = System.ComponentModel.DataAnnotations.RangeAttribute;

namespace MicroWeb.Tests.OpenApi;

/// <summary>A small API exercising what the document describes: controllers, handlers, annotated models, typed results, [Authorize].</summary>
public static class OpenApiTestApp
{
    public static void Map(MicroWebApp app)
    {
        app.MapControllers(typeof(ItemsController), typeof(AccountController), typeof(HiddenController));
        app.MapGet("/hello/{name:alpha:length(3,20)}", (string name, [FromHeader(Name = "X-Trace")] string? trace) => $"hello {name}");
        app.MapGet("/notes/{id:int:min(1)}", Results<Ok<Note>, NotFound> (int id) =>
            id == 1 ? TypedResults.Ok(new Note("first", null)) : TypedResults.NotFound());
        app.MapPost("/notes", Results<Created<Note>, BadRequest> ([FromBody] Note note) =>
            note.Title.Length == 0 ? TypedResults.BadRequest() : TypedResults.Created("/notes/2", note));
        app.MapDelete("/notes/{id:int}", (int id) => TypedResults.NoContent());
        app.MapGet("/blog/{page:int=1}", (int page) => new[] { page });
        app.MapGet("/files/{*path}", (string path) => path);
        app.MapGet("/codes/{code:regex(^[a-z]{{2}}\\d+$)}", (string code, [FromQuery] Color color = Color.Green, [FromQuery, Range(1, 50)] int take = 10) => code);
        app.MapGet("/untyped", () => Results.Text("?"));
        app.MapGet("/internal", [ExcludeFromDescription] () => "hidden");
        app.MapPost("/upload", ([FromForm] string caption, FormFile file) => caption);
        app.MapGet("/tree", () => new TreeNode("root", []));
        app.MapOpenApi();
    }

    public enum Color
    {
        Red,
        Green,
    }

    public sealed record Note([property: Required, StringLength(80, MinimumLength = 1)] string Title, string? Body);

    public sealed record TreeNode(string Name, List<TreeNode> Children);

    public sealed class Item
    {
        [Required]
        [StringLength(40, MinimumLength = 2)]
        public string Name { get; set; } = "";

        [Range(1, 1000)]
        public int Quantity { get; set; }

        [EmailAddress]
        public string? Owner { get; set; }

        [RegularExpression("^[A-Z]{3}$")]
        public string? Code { get; set; }

        [MinLength(1)]
        [MaxLength(5)]
        public List<string> Tags { get; set; } = [];

        public Note? Note { get; set; }
    }

    public sealed class ItemQuery
    {
        public string? Search { get; set; }

        [Range(1, 100)]
        public int Page { get; set; } = 1;
    }

    public sealed class SignUp
    {
        [Required]
        public string Email { get; set; } = "";

        [Required]
        [MinLength(12)]
        public string Password { get; set; } = "";
    }

    [Route("/items")]
    public sealed class ItemsController : Controller
    {
        /// <summary>Lists the items matching <paramref name="query"/>.</summary>
        [HttpGet("")]
        public Item[] List(ItemQuery query) => [];

        /// <summary>One item by its id.</summary>
        /// <param name="id">The item's number.</param>
        [HttpGet("{id:int}")]
        [ProducesResponseType(typeof(Item), 200)]
        [ProducesResponseType(404, Description = "No such item.")]
        public IResult Show(int id) => id == 1 ? Json(new Item()) : NotFound();

        [HttpPost("")]
        [Authorize]
        public Task<Item> Create([FromBody] Item item) => Task.FromResult(item);

        [HttpPut("{id:guid}")]
        [Authorize]
        public Task Update(Guid id, [FromForm] Item item) => Task.CompletedTask;
    }

    public sealed class AccountController : Controller
    {
        [HttpPost("/account/signup")]
        public IResult SignUp(SignUp form) => Text("welcome");
    }

    [ExcludeFromDescription]
    public sealed class HiddenController : Controller
    {
        [HttpGet("/hidden")]
        public string Get() => "hidden";
    }
}
