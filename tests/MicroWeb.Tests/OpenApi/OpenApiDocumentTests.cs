using System.Text.Json.Nodes;

namespace MicroWeb.Tests.OpenApi;

/// <summary>The shape of the generated OpenAPI 3.1 document: paths, parameters, schemas, bodies, responses, security.</summary>
public class OpenApiDocumentTests
{
    private JsonObject _doc = null!;

    [OneTimeSetUp]
    public async Task Build() => _doc = await OpenApiTestDocument.BuildAsync(OpenApiTestApp.Map);

    private JsonObject Component(string name) => _doc.At("components", "schemas", name).AsObject();

    [Test]
    public void OpenApi_document_header_names_the_version_title_and_info()
    {
        Assert.That(_doc.Text("openapi"), Does.StartWith("3.1."));
        Assert.That(_doc.Text("info", "title"), Is.EqualTo("Test API"));
        Assert.That(_doc.Text("info", "version"), Is.EqualTo("2.0.0"));
        Assert.That(_doc.ContainsKey("servers"), Is.False, "no servers configured");
    }

    [Test]
    public void OpenApi_paths_use_braces_and_operation_ids_name_the_declarer()
    {
        var paths = _doc.At("paths").AsObject().Select(p => p.Key).ToList();
        Assert.That(paths, Is.SupersetOf(new[] { "/items", "/items/{id}", "/hello/{name}", "/notes/{id}", "/notes", "/account/signup", "/files/{path}" }));
        Assert.That(_doc.Operation("/items/{id}", "get").Text("operationId"), Is.EqualTo("ItemsController.Show"));
        Assert.That(_doc.Operation("/notes", "post").Text("operationId"), Is.EqualTo("MapPost(\"/notes\")"));
        Assert.That(_doc.Operation("/items/{id}", "put").Text("operationId"), Is.EqualTo("ItemsController.Update"));
        Assert.That(_doc.Operation("/items", "get").At("tags", "0").GetValue<string>(), Is.EqualTo("Items"));
        var ids = _doc.At("paths").AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]!.GetValue<string>())).ToList();
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public void OpenApi_optional_trailing_segments_give_a_path_with_and_without_them()
    {
        Assert.That(_doc.Operation("/blog", "get"), Is.Not.Null);
        var page = _doc.Operation("/blog/{page}", "get").Parameter("page");
        Assert.That(page["required"]!.GetValue<bool>(), Is.True, "path parameters are always required");
        Assert.That(page.At("schema", "default").GetValue<long>(), Is.EqualTo(1));
        Assert.That(_doc.Operation("/blog", "get")["parameters"], Is.Null);
    }

    [Test]
    public void OpenApi_route_constraints_become_schema_keywords()
    {
        var id = _doc.Operation("/notes/{id}", "get").Parameter("id");
        Assert.That(id.Text("in"), Is.EqualTo("path"));
        Assert.That(id.Text("schema", "type"), Is.EqualTo("integer"));
        Assert.That(id.Text("schema", "format"), Is.EqualTo("int32"));
        Assert.That(id.At("schema", "minimum").GetValue<long>(), Is.EqualTo(1));

        var name = _doc.Operation("/hello/{name}", "get").Parameter("name").At("schema");
        Assert.That(name.Text("type"), Is.EqualTo("string"));
        Assert.That(name.At("minLength").GetValue<long>(), Is.EqualTo(3));
        Assert.That(name.At("maxLength").GetValue<long>(), Is.EqualTo(20));
        Assert.That(name.Text("pattern"), Is.EqualTo("^[a-zA-Z]+$"));

        Assert.That(_doc.Operation("/codes/{code}", "get").Parameter("code").Text("schema", "pattern"), Is.EqualTo("^[a-z]{2}\\d+$"));
        Assert.That(_doc.Operation("/items/{id}", "put").Parameter("id").Text("schema", "format"), Is.EqualTo("uuid"));
    }

    [Test]
    public void OpenApi_query_and_header_parameters_have_types_defaults_and_annotations()
    {
        var codes = _doc.Operation("/codes/{code}", "get");
        var color = codes.Parameter("color");
        Assert.That(color.Text("in"), Is.EqualTo("query"));
        Assert.That(color["required"]!.GetValue<bool>(), Is.False);
        Assert.That(color.At("schema", "enum").AsArray().Select(v => v!.GetValue<string>()), Is.EqualTo(new[] { "Red", "Green" }));
        Assert.That(color.Text("schema", "default"), Is.EqualTo("Green"));
        var take = codes.Parameter("take");
        Assert.That(take.At("schema", "default").GetValue<int>(), Is.EqualTo(10));
        Assert.That(take.At("schema", "minimum").GetValue<long>(), Is.EqualTo(1));
        Assert.That(take.At("schema", "maximum").GetValue<long>(), Is.EqualTo(50));

        var trace = _doc.Operation("/hello/{name}", "get").Parameter("X-Trace");
        Assert.That(trace.Text("in"), Is.EqualTo("header"));
        Assert.That(trace["required"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public void OpenApi_a_query_model_on_GET_becomes_query_parameters()
    {
        var list = _doc.Operation("/items", "get");
        Assert.That(list.Parameter("Search").Text("in"), Is.EqualTo("query"));
        Assert.That(list.Parameter("Page").At("schema", "maximum").GetValue<long>(), Is.EqualTo(100));
        Assert.That(list["requestBody"], Is.Null);
    }

    [Test]
    public void OpenApi_request_bodies_are_json_or_form_as_binding_reads_them()
    {
        var create = _doc.Operation("/items", "post").At("requestBody");
        Assert.That(create["required"]!.GetValue<bool>(), Is.True);
        Assert.That(create.At("content").AsObject().Select(c => c.Key), Is.EqualTo(new[] { "application/json" }));
        Assert.That(create.Text("content", "application/json", "schema", "$ref"), Is.EqualTo("#/components/schemas/Item"));

        var update = _doc.Operation("/items/{id}", "put").At("requestBody", "content").AsObject();
        Assert.That(update.Select(c => c.Key), Is.EquivalentTo(new[] { "application/x-www-form-urlencoded", "multipart/form-data" }));

        // No attribute on a POST: the form when there is one, else JSON.
        var signUp = _doc.Operation("/account/signup", "post").At("requestBody", "content").AsObject();
        Assert.That(signUp.Select(c => c.Key), Is.EquivalentTo(new[] { "application/json", "application/x-www-form-urlencoded", "multipart/form-data" }));

        var upload = _doc.Operation("/upload", "post").At("requestBody", "content").AsObject();
        Assert.That(upload.Select(c => c.Key), Is.EqualTo(new[] { "multipart/form-data" }), "files need multipart");
        var form = upload["multipart/form-data"]!.At("schema");
        Assert.That(form.Text("properties", "file", "format"), Is.EqualTo("binary"));
        Assert.That(form.Text("properties", "caption", "type"), Is.EqualTo("string"));
        Assert.That(form.At("required").AsArray().Select(r => r!.GetValue<string>()), Is.EquivalentTo(new[] { "caption", "file" }));
    }

    [Test]
    public void OpenApi_data_annotations_on_model_properties_become_schema_keywords()
    {
        var item = Component("Item");
        Assert.That(item.At("required").AsArray().Select(r => r!.GetValue<string>()), Does.Contain("name"), "camelCase, as the app's JSON settings write it");
        var properties = item.At("properties");
        Assert.That(properties.At("name", "minLength").GetValue<int>(), Is.EqualTo(2));
        Assert.That(properties.At("name", "maxLength").GetValue<int>(), Is.EqualTo(40));
        Assert.That(properties.At("quantity", "minimum").GetValue<long>(), Is.EqualTo(1));
        Assert.That(properties.At("quantity", "maximum").GetValue<long>(), Is.EqualTo(1000));
        Assert.That(properties.Text("quantity", "type"), Is.EqualTo("integer"), "numbers as written, not as the app also reads them");
        Assert.That(properties.Text("quantity", "format"), Is.EqualTo("int32"));
        Assert.That(properties.Text("owner", "format"), Is.EqualTo("email"));
        Assert.That(properties.Text("code", "pattern"), Is.EqualTo("^[A-Z]{3}$"));
        Assert.That(properties.At("tags", "minItems").GetValue<int>(), Is.EqualTo(1));
        Assert.That(properties.At("tags", "maxItems").GetValue<int>(), Is.EqualTo(5));
        Assert.That(properties.Text("note", "$ref"), Is.EqualTo("#/components/schemas/Note"));

        var note = Component("Note");
        Assert.That(note.At("required").AsArray().Select(r => r!.GetValue<string>()), Does.Contain("title"), "[property: Required] on a record");
        Assert.That(note.At("properties", "title", "maxLength").GetValue<int>(), Is.EqualTo(80));
    }

    [Test]
    public void OpenApi_recursive_types_refer_to_their_own_component()
    {
        Assert.That(_doc.Operation("/tree", "get").Text("responses", "200", "content", "application/json", "schema", "$ref"), Is.EqualTo("#/components/schemas/TreeNode"));
        Assert.That(Component("TreeNode").Text("properties", "children", "items", "$ref"), Is.EqualTo("#/components/schemas/TreeNode"));
    }

    [Test]
    public void OpenApi_responses_come_from_return_types_typed_results_and_declarations()
    {
        var typed = _doc.Operation("/notes/{id}", "get").At("responses").AsObject();
        Assert.That(typed.Select(r => r.Key), Is.EquivalentTo(new[] { "200", "400", "404" }));
        Assert.That(typed["200"]!.Text("content", "application/json", "schema", "$ref"), Is.EqualTo("#/components/schemas/Note"));
        Assert.That(typed["404"]!["content"], Is.Null);

        var created = _doc.Operation("/notes", "post").At("responses").AsObject();
        Assert.That(created.Select(r => r.Key), Is.EquivalentTo(new[] { "201", "400" }));
        Assert.That(_doc.Operation("/notes/{id}", "delete").At("responses").AsObject().Select(r => r.Key), Does.Contain("204"));

        var declared = _doc.Operation("/items/{id}", "get").At("responses");
        Assert.That(declared.Text("200", "content", "application/json", "schema", "$ref"), Is.EqualTo("#/components/schemas/Item"));
        Assert.That(declared.Text("404", "description"), Is.EqualTo("No such item."));

        Assert.That(_doc.Operation("/items", "post").Text("responses", "200", "content", "application/json", "schema", "$ref"), Is.EqualTo("#/components/schemas/Item"), "Task<Item>");
        Assert.That(_doc.Operation("/items/{id}", "put").At("responses").AsObject().Select(r => r.Key), Does.Contain("204"), "Task");
        Assert.That(_doc.Operation("/hello/{name}", "get").Text("responses", "200", "content", "text/plain", "schema", "type"), Is.EqualTo("string"));
        Assert.That(_doc.Operation("/untyped", "get").At("responses").AsObject().Select(r => r.Key), Is.EqualTo(new[] { "default" }), "IResult says nothing");
    }

    [Test]
    public void OpenApi_authorize_adds_the_cookie_security_requirement_and_401()
    {
        var create = _doc.Operation("/items", "post");
        Assert.That(create.At("security").AsArray().Select(s => s!.AsObject().Single().Key), Is.EqualTo(new[] { "cookie" }));
        Assert.That(create.At("responses").AsObject().ContainsKey("401"), Is.True);
        Assert.That(_doc.Operation("/items", "get")["security"], Is.Null);
        var cookie = _doc.At("components", "securitySchemes", "cookie");
        Assert.That(cookie.Text("type"), Is.EqualTo("apiKey"));
        Assert.That(cookie.Text("in"), Is.EqualTo("cookie"));
        Assert.That(cookie.Text("name"), Is.EqualTo("microweb.auth"));
        Assert.That(_doc.At("components", "securitySchemes").AsObject().ContainsKey("bearer"), Is.False, "not registered");
    }

    [Test]
    public async Task OpenApi_bearer_scheme_is_declared_when_the_app_adds_it()
    {
        var doc = await OpenApiTestDocument.BuildAsync(OpenApiTestApp.Map, options => options.AddBearerSecurityScheme());
        var bearer = doc.At("components", "securitySchemes", "bearer");
        Assert.That(bearer.Text("type"), Is.EqualTo("http"));
        Assert.That(bearer.Text("scheme"), Is.EqualTo("bearer"));
        Assert.That(bearer.Text("bearerFormat"), Is.EqualTo("JWT"));
        Assert.That(doc.Operation("/items", "post").At("security").AsArray().Select(s => s!.AsObject().Single().Key), Is.EqualTo(new[] { "cookie", "bearer" }));
    }

    [Test]
    public void OpenApi_excluded_endpoints_and_the_document_itself_are_left_out()
    {
        var paths = _doc.At("paths").AsObject().Select(p => p.Key).ToList();
        Assert.That(paths, Does.Not.Contain("/internal"));
        Assert.That(paths, Does.Not.Contain("/hidden"));
        Assert.That(paths, Does.Not.Contain("/openapi.json"));
    }

    [Test]
    public async Task OpenApi_options_set_servers_and_the_transform_sees_the_finished_document()
    {
        var doc = await OpenApiTestDocument.BuildAsync(OpenApiTestApp.Map, options =>
        {
            options.Servers.Add("https://api.example.com");
            options.Description = "Everything.";
            options.DocumentTransform = document => document["x-paths"] = document["paths"]!.AsObject().Count;
        });
        Assert.That(doc.Text("servers", "0", "url"), Is.EqualTo("https://api.example.com"));
        Assert.That(doc.Text("info", "description"), Is.EqualTo("Everything."));
        Assert.That(doc.At("x-paths").GetValue<int>(), Is.EqualTo(doc.At("paths").AsObject().Count));
    }

    [Test]
    public async Task OpenApi_duplicate_type_names_get_distinct_components()
    {
        var doc = await OpenApiTestDocument.BuildAsync(app =>
        {
            app.MapGet("/a", () => new OpenApiTestApp.Item());
            app.MapGet("/b", () => new OtherNamespace.Item());
        });
        var a = doc.Operation("/a", "get").Text("responses", "200", "content", "application/json", "schema", "$ref");
        var b = doc.Operation("/b", "get").Text("responses", "200", "content", "application/json", "schema", "$ref");
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(doc.At("components", "schemas").AsObject().Count, Is.EqualTo(3), "Item, Note (inside Item), the other Item");
    }
}
