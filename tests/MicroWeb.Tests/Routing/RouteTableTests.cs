using MicroWeb.Routing;

namespace MicroWeb.Tests.Routing;

public class RouteTableTests
{
    /// <summary>Builds a table whose endpoints are their display names; methods "*" means any.</summary>
    private static RouteTable<string> Table(params (string Methods, string Template, string Name)[] routes) =>
        new(routes.Select(r => new RouteDefinition<string>(
            RoutePattern.Parse(r.Template),
            r.Methods == "*" ? null : r.Methods.Split(','),
            r.Name,
            r.Name)));

    private static string? Endpoint(RouteTable<string> table, string path, string method = "GET")
    {
        RouteMatch<string> match = table.Match(path, method);
        return match.Kind == RouteMatchKind.Matched ? match.Endpoint : match.Kind.ToString();
    }

    [Test]
    public void Literal_route_matches_its_path()
    {
        RouteTable<string> table = Table(("GET", "/users/new", "New"));
        RouteMatch<string> match = table.Match("/users/new", "GET");
        Assert.That(match.Kind, Is.EqualTo(RouteMatchKind.Matched));
        Assert.That(match.Endpoint, Is.EqualTo("New"));
        Assert.That(match.Values.Count, Is.Zero);
        Assert.That(match.SuppressBody, Is.False);
    }

    [Test]
    public void Root_route_matches_slash()
    {
        RouteTable<string> table = Table(("GET", "/", "Home"), ("GET", "/{page}", "Page"));
        Assert.That(Endpoint(table, "/"), Is.EqualTo("Home"));
        Assert.That(Endpoint(table, "/about"), Is.EqualTo("Page"));
    }

    [TestCase("/users/new")]
    [TestCase("/users/new/")]
    [TestCase("/USERS/New")]
    [TestCase("/Users/NEW/")]
    public void Literal_match_ignores_case_and_one_trailing_slash(string path) =>
        Assert.That(Endpoint(Table(("GET", "/users/new", "New")), path), Is.EqualTo("New"));

    [TestCase("/users/new//")]
    [TestCase("/users//new")]
    [TestCase("users/new")]
    [TestCase("")]
    [TestCase("/users")]
    [TestCase("/users/new/more")]
    public void Other_paths_are_not_found(string path) =>
        Assert.That(Endpoint(Table(("GET", "/users/new", "New"), ("GET", "/users/{id}/edit", "Edit")), path), Is.EqualTo("NotFound"));

    [Test]
    public void Parameter_values_keep_the_path_case_and_literals_in_the_tree_ignore_it()
    {
        RouteMatch<string> match = Table(("GET", "/users/{name}/posts", "Posts")).Match("/USERS/Ada/Posts/", "GET");
        Assert.That(match.Endpoint, Is.EqualTo("Posts"));
        Assert.That(match.Values["name"], Is.EqualTo("Ada"));
    }

    [Test]
    public void Parameter_values_are_exposed_by_name_and_by_precomputed_index()
    {
        RoutePattern pattern = RoutePattern.Parse("/users/{userId:int}/posts/{slug}");
        var table = new RouteTable<string>([new RouteDefinition<string>(pattern, ["GET"], "Post", "Post")]);
        RouteValues values = table.Match("/users/7/posts/hello-world", "GET").Values;
        Assert.That(values.TryGetValue("USERID", out string? userId), Is.True);
        Assert.That(userId, Is.EqualTo("7"));
        Assert.That(values.GetValue(pattern.GetParameterIndex("slug")), Is.EqualTo("hello-world"));
        Assert.That(values, Is.EqualTo(new Dictionary<string, string?> { ["userId"] = "7", ["slug"] = "hello-world" }));
    }

    [Test]
    public void Encoded_slash_stays_inside_one_segment_and_is_decoded_in_the_value()
    {
        RouteTable<string> table = Table(("GET", "/files/{name}", "File"), ("GET", "/docs/{*path}", "Docs"));
        RouteMatch<string> file = table.Match("/files/a%2Fb%2fc", "GET");
        Assert.That(file.Endpoint, Is.EqualTo("File"));
        Assert.That(file.Values["name"], Is.EqualTo("a/b/c"));
        Assert.That(table.Match("/docs/x/y%2Fz", "GET").Values["path"], Is.EqualTo("x/y/z"));
    }

    [Test]
    public void Constraints_see_the_decoded_value()
    {
        RouteTable<string> table = Table(("GET", "/files/{name:length(3)}", "File"));
        Assert.That(Endpoint(table, "/files/a%2Fb"), Is.EqualTo("File"));
        Assert.That(Endpoint(table, "/files/a%2Fbc"), Is.EqualTo("NotFound"));
    }

    [Test]
    public void Constraint_failure_means_the_route_does_not_match()
    {
        RouteTable<string> table = Table(("GET", "/users/{id:int}", "ById"));
        Assert.That(Endpoint(table, "/users/42"), Is.EqualTo("ById"));
        Assert.That(Endpoint(table, "/users/ada"), Is.EqualTo("NotFound"));
    }

    [Test]
    public void Optional_parameter_may_be_left_out()
    {
        RouteTable<string> table = Table(("GET", "/list/{page?}", "List"));
        RouteMatch<string> without = table.Match("/list", "GET");
        Assert.That(without.Endpoint, Is.EqualTo("List"));
        Assert.That(without.Values.TryGetValue("page", out _), Is.False);
        Assert.That(without.Values.Count, Is.EqualTo(1));
        Assert.That(without.Values["page"], Is.Null);
        Assert.That(table.Match("/list/3", "GET").Values["page"], Is.EqualTo("3"));
    }

    [Test]
    public void Default_fills_a_left_out_parameter()
    {
        RouteTable<string> table = Table(("GET", "/list/{page:int=1}/{size=20}", "List"));
        Assert.That(table.Match("/list", "GET").Values, Is.EqualTo(new Dictionary<string, string?> { ["page"] = "1", ["size"] = "20" }));
        Assert.That(table.Match("/list/4", "GET").Values, Is.EqualTo(new Dictionary<string, string?> { ["page"] = "4", ["size"] = "20" }));
        Assert.That(table.Match("/list/4/50", "GET").Values, Is.EqualTo(new Dictionary<string, string?> { ["page"] = "4", ["size"] = "50" }));
        Assert.That(Endpoint(table, "/list/x"), Is.EqualTo("NotFound"));
    }

    [Test]
    public void Catch_all_takes_the_rest_of_the_path_or_nothing()
    {
        RouteTable<string> table = Table(("GET", "/static/{*path}", "Static"));
        Assert.That(table.Match("/static/css/site.css", "GET").Values["path"], Is.EqualTo("css/site.css"));
        Assert.That(table.Match("/static/a/", "GET").Values["path"], Is.EqualTo("a"));
        RouteMatch<string> bare = table.Match("/static", "GET");
        Assert.That(bare.Endpoint, Is.EqualTo("Static"));
        Assert.That(bare.Values["path"], Is.Null);
    }

    [Test]
    public void Catch_all_default_fills_an_empty_rest() =>
        Assert.That(Table(("GET", "/site/{*path=index.html}", "Site")).Match("/site", "GET").Values["path"], Is.EqualTo("index.html"));

    [Test]
    public void Catch_all_at_the_root_matches_every_path()
    {
        RouteTable<string> table = Table(("GET", "/{*path}", "Fallback"), ("GET", "/about", "About"));
        Assert.That(Endpoint(table, "/"), Is.EqualTo("Fallback"));
        Assert.That(Endpoint(table, "/a/b/c"), Is.EqualTo("Fallback"));
        Assert.That(Endpoint(table, "/about"), Is.EqualTo("About"));
    }

    [Test]
    public void Literal_beats_parameter_at_the_same_segment()
    {
        RouteTable<string> table = Table(("GET", "/users/{id}", "ById"), ("GET", "/users/new", "New"));
        Assert.That(Endpoint(table, "/users/new"), Is.EqualTo("New"));
        Assert.That(Endpoint(table, "/users/newer"), Is.EqualTo("ById"));
    }

    [Test]
    public void Literal_beats_parameter_inside_the_tree()
    {
        RouteTable<string> table = Table(("GET", "/users/{id}/{tab}", "Tab"), ("GET", "/users/{id}/edit", "Edit"));
        Assert.That(Endpoint(table, "/users/1/edit"), Is.EqualTo("Edit"));
        Assert.That(Endpoint(table, "/users/1/posts"), Is.EqualTo("Tab"));
    }

    [Test]
    public void Constrained_parameter_beats_plain_parameter()
    {
        RouteTable<string> table = Table(("GET", "/users/{name}", "ByName"), ("GET", "/users/{id:int}", "ById"));
        Assert.That(Endpoint(table, "/users/42"), Is.EqualTo("ById"));
        Assert.That(Endpoint(table, "/users/ada"), Is.EqualTo("ByName"));
    }

    [Test]
    public void Plain_parameter_beats_catch_all()
    {
        RouteTable<string> table = Table(("GET", "/files/{*path}", "All"), ("GET", "/files/{name}", "One"));
        Assert.That(Endpoint(table, "/files/a"), Is.EqualTo("One"));
        Assert.That(Endpoint(table, "/files/a/b"), Is.EqualTo("All"));
    }

    [Test]
    public void Constrained_catch_all_beats_plain_catch_all()
    {
        RouteTable<string> table = Table(("GET", "/f/{*any}", "Any"), ("GET", "/f/{*css:regex(\\.css$)}", "Css"));
        Assert.That(Endpoint(table, "/f/a/site.css"), Is.EqualTo("Css"));
        Assert.That(Endpoint(table, "/f/a/site.js"), Is.EqualTo("Any"));
    }

    [Test]
    public void Precedence_is_decided_per_segment_left_to_right()
    {
        // /a/{x}/c is more specific than /{y}/b/c at the first segment, so it wins although the other has
        // more literals in total.
        RouteTable<string> table = Table(("GET", "/{y}/b/c", "Later"), ("GET", "/a/{x}/c", "Earlier"));
        Assert.That(Endpoint(table, "/a/b/c"), Is.EqualTo("Earlier"));
    }

    [Test]
    public void Search_backtracks_when_the_more_specific_branch_dead_ends()
    {
        RouteTable<string> table = Table(("GET", "/a/b/c", "Literal"), ("GET", "/a/{x}/d", "Param"));
        Assert.That(Endpoint(table, "/a/b/d"), Is.EqualTo("Param"));
    }

    [Test]
    public void Route_using_all_its_segments_beats_one_leaving_an_optional_out()
    {
        RouteTable<string> table = Table(("GET", "/u/{id}/{tab?}", "WithTab"), ("GET", "/u/{id}", "Plain"));
        Assert.That(Endpoint(table, "/u/1"), Is.EqualTo("Plain"));
        Assert.That(Endpoint(table, "/u/1/x"), Is.EqualTo("WithTab"));
    }

    [Test]
    public void Literal_route_beats_left_out_catch_all()
    {
        RouteTable<string> table = Table(("GET", "/files/{*path}", "Files"), ("GET", "/files", "Index"));
        Assert.That(Endpoint(table, "/files"), Is.EqualTo("Index"));
    }

    [Test]
    public void Left_out_optional_parameter_beats_left_out_catch_all()
    {
        RouteTable<string> table = Table(("GET", "/a/{*rest}", "Rest"), ("GET", "/a/{b?}", "Optional"));
        Assert.That(Endpoint(table, "/a"), Is.EqualTo("Optional"));
    }

    [Test]
    public void Differently_constrained_parameters_are_tried_in_declaration_order()
    {
        RouteTable<string> table = Table(("GET", "/x/{a:int}", "Int"), ("GET", "/x/{b:min(0)}", "Min"));
        Assert.That(Endpoint(table, "/x/5"), Is.EqualTo("Int"));
        Assert.That(Endpoint(table, "/x/99999999999"), Is.EqualTo("Min"));
    }

    [Test]
    public void Less_specific_route_that_accepts_the_method_beats_a_literal_that_does_not()
    {
        RouteTable<string> table = Table(("GET", "/users/new", "NewForm"), ("DELETE", "/users/{id}", "Delete"));
        Assert.That(Endpoint(table, "/users/new", "GET"), Is.EqualTo("NewForm"));
        Assert.That(Endpoint(table, "/users/new", "DELETE"), Is.EqualTo("Delete"));
    }

    [Test]
    public void Declared_method_beats_any_method_at_the_same_precedence()
    {
        RouteTable<string> table = Table(("*", "/login", "Any"), ("POST", "/login", "Post"));
        Assert.That(Endpoint(table, "/login", "POST"), Is.EqualTo("Post"));
        Assert.That(Endpoint(table, "/login", "GET"), Is.EqualTo("Any"));
        Assert.That(Endpoint(table, "/login", "PROPFIND"), Is.EqualTo("Any"));
    }

    [Test]
    public void Several_methods_on_one_route_each_match()
    {
        RouteTable<string> table = Table(("GET,POST", "/form", "Form"));
        Assert.That(Endpoint(table, "/form", "GET"), Is.EqualTo("Form"));
        Assert.That(Endpoint(table, "/form", "POST"), Is.EqualTo("Form"));
        Assert.That(Endpoint(table, "/form", "PUT"), Is.EqualTo("MethodNotAllowed"));
    }

    [Test]
    public void Methods_are_case_sensitive() =>
        Assert.That(Endpoint(Table(("GET", "/x", "X")), "/x", "get"), Is.EqualTo("MethodNotAllowed"));

    [Test]
    public void Unknown_path_is_not_found()
    {
        RouteMatch<string> match = Table(("GET", "/users/{id:int}", "ById")).Match("/users/x", "GET");
        Assert.That(match.Kind, Is.EqualTo(RouteMatchKind.NotFound));
        Assert.That(match.Allow, Is.Null);
        Assert.That(match.AllowedMethods, Is.Empty);
    }

    [Test]
    public void Known_path_with_wrong_method_is_405_with_allow()
    {
        RouteTable<string> table = Table(("GET", "/users/{id}", "Get"), ("PUT", "/users/{id}", "Put"));
        RouteMatch<string> match = table.Match("/users/1", "POST");
        Assert.That(match.Kind, Is.EqualTo(RouteMatchKind.MethodNotAllowed));
        Assert.That(match.Allow, Is.EqualTo("GET, HEAD, PUT, OPTIONS"));
        Assert.That(match.AllowedMethods, Is.EqualTo(new[] { "GET", "HEAD", "PUT", "OPTIONS" }));
    }

    [Test]
    public void Allow_of_a_literal_path_is_precomputed_once()
    {
        RouteTable<string> table = Table(("POST", "/login", "Post"), ("GET", "/login", "Get"));
        RouteMatch<string> first = table.Match("/login", "DELETE");
        RouteMatch<string> second = table.Match("/login/", "PATCH");
        Assert.That(first.Allow, Is.EqualTo("GET, HEAD, POST, OPTIONS"));
        Assert.That(second.Allow, Is.SameAs(first.Allow));
    }

    [Test]
    public void Allow_unites_every_route_matching_the_path()
    {
        RouteTable<string> table = Table(
            ("GET", "/users/new", "NewForm"),
            ("DELETE", "/users/{id}", "Delete"),
            ("PROPFIND", "/users/{*rest}", "Dav"),
            ("POST", "/users/{id:int}", "NotThisPath"));
        RouteMatch<string> match = table.Match("/users/new", "PUT");
        Assert.That(match.Kind, Is.EqualTo(RouteMatchKind.MethodNotAllowed));
        Assert.That(match.Allow, Is.EqualTo("GET, HEAD, DELETE, OPTIONS, PROPFIND"));
    }

    [Test]
    public void Head_is_served_by_get_with_the_body_suppressed()
    {
        RouteMatch<string> match = Table(("GET", "/users/{id}", "Get")).Match("/users/1", "HEAD");
        Assert.That(match.Kind, Is.EqualTo(RouteMatchKind.Matched));
        Assert.That(match.Endpoint, Is.EqualTo("Get"));
        Assert.That(match.SuppressBody, Is.True);
        Assert.That(match.Values["id"], Is.EqualTo("1"));
    }

    [Test]
    public void Explicit_head_endpoint_beats_get()
    {
        RouteTable<string> table = Table(("GET", "/x", "Get"), ("HEAD", "/x", "Head"));
        RouteMatch<string> match = table.Match("/x", "HEAD");
        Assert.That(match.Endpoint, Is.EqualTo("Head"));
        Assert.That(match.SuppressBody, Is.False);
    }

    [Test]
    public void Head_prefers_get_over_any_method_at_the_same_precedence()
    {
        RouteMatch<string> match = Table(("*", "/x", "Any"), ("GET", "/x", "Get")).Match("/x", "HEAD");
        Assert.That(match.Endpoint, Is.EqualTo("Get"));
        Assert.That(match.SuppressBody, Is.True);
    }

    [Test]
    public void Head_without_get_is_405()
    {
        RouteMatch<string> match = Table(("POST", "/x", "Post")).Match("/x", "HEAD");
        Assert.That(match.Kind, Is.EqualTo(RouteMatchKind.MethodNotAllowed));
        Assert.That(match.Allow, Is.EqualTo("POST, OPTIONS"));
    }

    [Test]
    public void Options_without_an_endpoint_reports_allow()
    {
        RouteMatch<string> match = Table(("GET", "/x/{id}", "Get"), ("DELETE", "/x/{id}", "Delete")).Match("/x/1", "OPTIONS");
        Assert.That(match.Kind, Is.EqualTo(RouteMatchKind.Options));
        Assert.That(match.Allow, Is.EqualTo("GET, HEAD, DELETE, OPTIONS"));
    }

    [Test]
    public void Options_with_an_explicit_endpoint_matches_it() =>
        Assert.That(Endpoint(Table(("GET", "/x", "Get"), ("OPTIONS", "/x", "Options")), "/x", "OPTIONS"), Is.EqualTo("Options"));

    [Test]
    public void Options_for_an_unknown_path_is_not_found() =>
        Assert.That(Table(("GET", "/x", "Get")).Match("/y", "OPTIONS").Kind, Is.EqualTo(RouteMatchKind.NotFound));

    [TestCase("GET", "/users/{id}", "GET", "/users/{name}")]
    [TestCase("GET", "/users/{id:int}", "GET", "/users/{n:INT}")]
    [TestCase("GET", "/users/new", "GET", "/Users/New/")]
    [TestCase("GET,POST", "/x", "POST,PUT", "/x")]
    [TestCase("*", "/x/{a}", "*", "/x/{b}")]
    [TestCase("GET", "/a/{b?}", "GET", "/a/{c?}/{d?}")]
    [TestCase("GET", "/a/{*b}", "GET", "/a/{*c}")]
    public void Routes_matching_the_same_requests_are_rejected_at_startup(string methods1, string template1, string methods2, string template2)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Table((methods1, template1, "First.Action"), (methods2, template2, "Second.Action")));
        Assert.That(error!.Message, Does.StartWith("Ambiguous routes: "));
        Assert.That(error.Message, Does.Contain($"'{(methods1 == "*" ? "*" : methods1)} {template1}' in First.Action"));
        Assert.That(error.Message, Does.Contain($"'{(methods2 == "*" ? "*" : methods2)} {template2}' in Second.Action"));
    }

    [Test]
    public void Ambiguity_error_reads_as_documented()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Table(("GET", "/users/{id}", "UsersController.Get"), ("GET", "/users/{name}", "UsersController.ByName")));
        Assert.That(error!.Message, Does.StartWith(
            "Ambiguous routes: 'GET /users/{id}' in UsersController.Get and 'GET /users/{name}' in UsersController.ByName."));
    }

    // Each pair builds, and each route answers a request of its own: coexisting means both are reachable.
    [TestCase("GET", "/users/{id}", "POST", "/users/{name}", "GET /users/7", "POST /users/ada")]
    [TestCase("GET", "/users/{id:int}", "GET", "/users/{name}", "GET /users/7", "GET /users/ada")]
    [TestCase("GET", "/users/{id}", "GET", "/users/new", "GET /users/7", "GET /users/new")]
    [TestCase("*", "/x", "GET", "/x", "POST /x", "GET /x")]
    [TestCase("GET", "/x", "HEAD", "/x", "GET /x", "HEAD /x")]
    [TestCase("GET", "/a/{b?}", "GET", "/a", "GET /a/z", "GET /a")]
    [TestCase("GET", "/a/{b?}", "GET", "/a/{*c}", "GET /a/z", "GET /a/z/y")]
    public void Routes_differing_in_precedence_or_methods_coexist(string methods1, string template1, string methods2, string template2, string request1, string request2)
    {
        var table = Table((methods1, template1, "First"), (methods2, template2, "Second"));
        var (method1, path1) = (request1.Split(' ')[0], request1.Split(' ')[1]);
        var (method2, path2) = (request2.Split(' ')[0], request2.Split(' ')[1]);
        Assert.That(Endpoint(table, path1, method1), Is.EqualTo("First"), request1);
        Assert.That(Endpoint(table, path2, method2), Is.EqualTo("Second"), request2);
    }

    [Test]
    public void Empty_method_name_is_rejected_at_startup()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Table((" ", "/x", "Bad.Action")));
        Assert.That(error!.Message, Does.Contain("'/x' in Bad.Action"));
    }

    [Test]
    public void Literal_lookup_does_not_allocate()
    {
        RouteTable<string> table = Table(("GET", "/", "Home"), ("GET", "/users/new", "New"), ("GET", "/users/{id:int}", "ById"));
        string path = "/Users/New/";
        for (int i = 0; i < 100; i++)
        {
            table.Match(path, "GET");
            table.Match("/", "HEAD");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int hits = 0;
        for (int i = 0; i < 10_000; i++)
        {
            hits += table.Match(path, "GET").Kind == RouteMatchKind.Matched ? 1 : 0;
            hits += table.Match("/", "HEAD").Kind == RouteMatchKind.Matched ? 1 : 0;
            hits += table.Match("/users/new", "DELETE").Kind == RouteMatchKind.MethodNotAllowed ? 1 : 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(hits, Is.EqualTo(30_000));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Parameterised_lookup_allocates_only_the_values()
    {
        RouteTable<string> table = Table(("GET", "/users/{id:int}/posts/{slug}", "Post"), ("GET", "/users/{id:int}", "User"));
        for (int i = 0; i < 100; i++)
        {
            table.Match("/users/7/posts/x", "GET");
            table.Match("/users/ada", "GET");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        table.Match("/users/7/posts/x", "GET");
        long oneMatch = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        table.Match("/users/ada", "GET");
        long notFound = GC.GetAllocatedBytesForCurrentThread() - before;

        // One string?[2] (40 bytes on 64-bit) and two one-character strings (24 bytes each at most).
        Assert.That(oneMatch, Is.LessThanOrEqualTo(40 + (2 * 24)));
        Assert.That(notFound, Is.Zero);
    }
}
