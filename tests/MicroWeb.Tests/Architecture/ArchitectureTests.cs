namespace MicroWeb.Tests.Architecture;

/// <summary>
/// docs/architecture.md's rules, checked on the compiled source of src/MicroWeb: which folder may use which,
/// no cycles between folders, namespaces that follow folders. Each failure names the file and line, the type
/// and what it uses.
/// </summary>
[TestFixture]
public sealed class ArchitectureTests
{
    private static readonly Lazy<SourceModel?> s_library = new(SourceModel.LoadLibrary);
    private static readonly Lazy<IReadOnlyList<TypeReference>> s_references = new(() => Library.CrossFolderReferences());

    private static SourceModel Library => s_library.Value ?? throw new IgnoreException("src/MicroWeb is not next to the tests (no Micro.sln above the test directory).");

    [Test]
    public void The_model_compiles_the_whole_library()
    {
        // CS8795: partial [LoggerMessage] methods, whose bodies the logging source generator writes at build time.
        var errors = Library.Errors().Where(e => e.Id != "CS8795").Select(e => e.ToString()).ToList();

        Assert.That(errors, Is.Empty, "the model must resolve every name as the compiler does");
        Assert.That(Library.DeclaredTypes(), Has.Count.GreaterThan(150), "every file of src/MicroWeb is in the model");
    }

    [Test]
    public void Every_folder_has_a_rule()
    {
        var folders = Library.DeclaredTypes().Select(t => t.Folder).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.That(folders, Is.SubsetOf(LayerRules.MayUse.Keys), "a new top-level folder needs its line in LayerRules.MayUse and docs/architecture.md");
    }

    [Test]
    public void Each_folder_uses_only_the_folders_it_may()
    {
        Assert.That(s_references.Value, Is.Not.Empty, "the folders do use each other; finding none means the model is broken");

        var violations = LayerRules.Violations(s_references.Value);

        Assert.That(violations, Is.Empty, string.Join("\n", violations));
    }

    [Test]
    public void There_are_no_cycles_between_folders()
    {
        var cycles = LayerRules.Cycles(s_references.Value);

        Assert.That(cycles, Is.Empty, string.Join("\n", cycles));
    }

    [Test]
    public void Internal_types_live_in_their_folders_namespace_and_public_ones_in_MicroWeb()
    {
        var misplaced = new List<string>();
        foreach (DeclaredType type in Library.DeclaredTypes())
        {
            string directory = Path.GetDirectoryName(type.File)!.Replace('\\', '/');
            string expected = directory.Length == 0 ? "MicroWeb" : "MicroWeb." + directory.Replace('/', '.');
            // Public types a user needs are reachable with `using MicroWeb;`; the template engine's were published in MicroWeb.Templates.
            bool fits = type.IsPublic ? type.Namespace == "MicroWeb" || type.Namespace == expected : type.Namespace == expected;
            if (!fits)
            {
                misplaced.Add($"{type.File}: {(type.IsPublic ? "public" : "internal")} {type.Name} is in namespace {type.Namespace}; expected {(type.IsPublic ? "MicroWeb or " : "")}{expected}");
            }
        }

        Assert.That(misplaced, Is.Empty, string.Join("\n", misplaced));
    }

    // The checks above must be able to fail. These feed them a small library with a known bad reference.
    [Test]
    public void A_reference_against_the_rules_is_reported_with_file_line_type_and_target()
    {
        var model = SourceModel.Create("/lib",
        [
            ("/lib/Routing/RouteTable.cs", "namespace MicroWeb.Routing;\ninternal sealed class RouteTable<T> { }\n"),
            ("/lib/Server/Connection.cs", "namespace MicroWeb.Server;\n\ninternal sealed class Connection\n{\n    private readonly MicroWeb.Routing.RouteTable<int> _table = new();\n}\n"),
        ]);

        var violations = LayerRules.Violations(model.CrossFolderReferences());

        Assert.That(violations, Is.EqualTo(new[]
        {
            "Server/Connection.cs:5: MicroWeb.Server.Connection (Server) uses MicroWeb.Routing.RouteTable<T> (Routing) — Server may use only Http, Configuration",
        }));
    }

    [Test]
    public void A_cycle_between_folders_is_reported_with_an_example_per_arrow()
    {
        var model = SourceModel.Create("/lib",
        [
            ("/lib/Http/Request.cs", "namespace MicroWeb.Http;\ninternal sealed class Request { public MicroWeb.Server.Options? Limits; }\n"),
            ("/lib/Server/Options.cs", "namespace MicroWeb.Server;\ninternal sealed class Options { public MicroWeb.Http.Request? Current; }\n"),
        ]);

        var cycles = LayerRules.Cycles(model.CrossFolderReferences());

        Assert.That(cycles, Has.Count.EqualTo(1));
        Assert.That(cycles[0], Does.StartWith("cycle between Http, Server:"));
        Assert.That(cycles[0], Does.Contain("Http → Server, e.g. Http/Request.cs:2: MicroWeb.Http.Request (Http) uses MicroWeb.Server.Options (Server)"));
        Assert.That(cycles[0], Does.Contain("Server → Http, e.g. Server/Options.cs:2: MicroWeb.Server.Options (Server) uses MicroWeb.Http.Request (Http)"));
    }

    [Test]
    public void A_type_outside_its_folders_namespace_is_reported()
    {
        var model = SourceModel.Create("/lib",
        [
            ("/lib/Server/Connection.cs", "namespace MicroWeb;\ninternal sealed class Connection { }\n"),
        ]);

        var type = model.DeclaredTypes().Single();

        Assert.That((type.File, type.Folder, type.Namespace, type.IsPublic), Is.EqualTo(("Server/Connection.cs", "Server", "MicroWeb", false)));
    }
}
