using MicroWeb.Routing;

namespace MicroWeb.Tests.Routing;

public class RoutePatternTests
{
    [TestCase("/", "/")]
    [TestCase("", "/")]
    [TestCase("users", "/users")]
    [TestCase("/users/", "/users")]
    [TestCase("/Users/New", "/Users/New")]
    [TestCase("/a{{b}}", "/a{b}")]
    [TestCase("/users/{id}", "/users/{id}")]
    public void Path_is_normalised_with_one_leading_slash_and_no_trailing_slash(string template, string path) =>
        Assert.That(RoutePattern.Parse(template).Path, Is.EqualTo(path));

    [Test]
    public void Template_without_parameters_is_literal()
    {
        RoutePattern pattern = RoutePattern.Parse("/users/new");
        Assert.That(pattern.IsLiteral, Is.True);
        Assert.That(pattern.Segments.Select(s => s.Literal), Is.EqualTo(new[] { "users", "new" }));
    }

    [Test]
    public void Parameters_are_listed_in_template_order_with_their_segment_index()
    {
        RoutePattern pattern = RoutePattern.Parse("/users/{id:int}/posts/{slug}");
        Assert.That(pattern.IsLiteral, Is.False);
        Assert.That(pattern.ParameterNames, Is.EqualTo(new[] { "id", "slug" }));
        Assert.That(pattern.ParameterSegments, Is.EqualTo(new[] { 1, 3 }));
    }

    [Test]
    public void Chained_constraints_are_kept_in_order()
    {
        RouteParameter id = RoutePattern.Parse("/users/{id:int:min(1)}").Parameters[0];
        Assert.That(id.Constraints.Select(c => c.Text), Is.EqualTo(new[] { "int", "min(1)" }));
        Assert.That(id.Match("5"), Is.True);
        Assert.That(id.Match("0"), Is.False);
        Assert.That(id.Match("x"), Is.False);
    }

    [Test]
    public void Constraint_names_are_case_insensitive()
    {
        RouteParameter id = RoutePattern.Parse("/{id:INT:Min(1)}").Parameters[0];
        Assert.That(id.ConstraintKey, Is.EqualTo("int:min(1)"));
    }

    [Test]
    public void Doubled_braces_in_a_regex_stand_for_single_braces()
    {
        RouteParameter code = RoutePattern.Parse(@"/{code:regex(^\d{{3}}$)}").Parameters[0];
        Assert.That(code.Constraints[0].Text, Is.EqualTo(@"regex(^\d{3}$)"));
        Assert.That(code.Match("123"), Is.True);
        Assert.That(code.Match("12"), Is.False);
    }

    [TestCase("/{x:regex(^(ab|cd)$)}", "cd", true)]
    [TestCase("/{x:regex(^(ab|cd)$)}", "ac", false)]
    [TestCase(@"/{x:regex(^[)]\)$)}", "))", true)]
    [TestCase("/{x:regex(^a/b$)}", "a/b", true)]
    [TestCase("/{x:regex(^ab$):length(2)}", "AB", true)]
    public void Regex_argument_may_hold_groups_classes_escapes_and_slashes(string template, string value, bool matches) =>
        Assert.That(RoutePattern.Parse(template).Parameters[0].Match(value), Is.EqualTo(matches));

    [Test]
    public void Question_mark_makes_a_parameter_optional_without_default()
    {
        RouteParameter page = RoutePattern.Parse("/list/{page?}").Parameters[0];
        Assert.That((page.IsOptional, page.Default, page.IsCatchAll), Is.EqualTo((true, (string?)null, false)));
    }

    [Test]
    public void Default_makes_a_parameter_optional()
    {
        RouteParameter page = RoutePattern.Parse("/list/{page:int=1}").Parameters[0];
        Assert.That((page.IsOptional, page.Default), Is.EqualTo((true, "1")));
    }

    [Test]
    public void Catch_all_is_optional_and_may_have_constraints_and_a_default()
    {
        RouteParameter path = RoutePattern.Parse("/files/{*path:minlength(1)=index.html}").Parameters[0];
        Assert.That((path.IsCatchAll, path.IsOptional, path.Default), Is.EqualTo((true, true, "index.html")));
    }

    [Test]
    public void Several_optional_parameters_may_trail() =>
        Assert.That(RoutePattern.Parse("/archive/{year?}/{month?}/{*rest}").Parameters, Has.Count.EqualTo(3));

    [Test]
    public void Parameter_index_is_looked_up_case_insensitively()
    {
        RoutePattern pattern = RoutePattern.Parse("/users/{userId}/posts/{postId}");
        Assert.That(pattern.GetParameterIndex("POSTID"), Is.EqualTo(1));
        Assert.That(pattern.GetParameterIndex("userId"), Is.EqualTo(0));
        Assert.That(pattern.GetParameterIndex("missing"), Is.EqualTo(-1));
    }

    [TestCase(null, null, "/")]
    [TestCase("/api", null, "/api")]
    [TestCase(null, "/users", "/users")]
    [TestCase("/api", "users", "/api/users")]
    [TestCase("api/", "users/{id}", "/api/users/{id}")]
    [TestCase("/api/", "", "/api")]
    [TestCase("/", "", "/")]
    public void Combine_joins_prefix_and_template_with_one_slash(string? prefix, string? template, string expected) =>
        Assert.That(RoutePattern.Combine(prefix, template), Is.EqualTo(expected));

    [TestCase("/admin", "/login", "/login")]
    [TestCase("/admin", "/", "/")]
    [TestCase("/admin", "/users/{id}/", "/users/{id}")]
    [TestCase("/admin", "~/login", "/login")]
    [TestCase("/admin", "~/", "/")]
    [TestCase(null, "~/login", "/login")]
    public void Combine_keeps_an_absolute_action_template_as_is(string? prefix, string template, string expected) =>
        Assert.That(RoutePattern.Combine(prefix, template), Is.EqualTo(expected));

    [TestCase("/users/{id", "unbalanced '{'")]
    [TestCase("/users/id}", "unbalanced '}'")]
    [TestCase("/users/{a{b}", "'{' inside a parameter")]
    [TestCase("/users/{id:foo}", "unknown constraint 'foo'")]
    [TestCase("/users/{id:}", "empty or malformed constraint")]
    [TestCase("/users/{id:int:}", "empty or malformed constraint")]
    [TestCase("/users/{id:int(3)}", "constraint 'int' takes no argument")]
    [TestCase("/users/{id:min}", "constraint 'min' needs one integer argument")]
    [TestCase("/users/{id:max(x)}", "constraint 'max' needs one integer argument")]
    [TestCase("/users/{id:range(9,1)}", "constraint 'range' needs two integer arguments")]
    [TestCase("/users/{id:range(1)}", "constraint 'range' needs two integer arguments")]
    [TestCase("/users/{id:length(-1)}", "constraint 'length' needs one or two")]
    [TestCase("/users/{id:length(5,2)}", "constraint 'length' needs one or two")]
    [TestCase("/users/{id:minlength()}", "constraint 'minlength' needs one non-negative")]
    [TestCase("/users/{id:maxlength(1,2)}", "constraint 'maxlength' needs one non-negative")]
    [TestCase("/users/{id:regex(^(a$)}", "has a '(' with no matching ')'")]
    [TestCase("/users/{id:regex(*a)}", "invalid pattern '*a'")]
    [TestCase("/users/{id:regex()}", "constraint 'regex' needs a pattern")]
    [TestCase("/users/{id:int)x}", "unexpected ')x' after constraint 'int'")]
    [TestCase("/{a?}/{b}", "optional parameter 'a' is followed by the required parameter 'b'")]
    [TestCase("/{a?}/b", "optional parameter 'a' is followed by the literal segment 'b'")]
    [TestCase("/{*path}/x", "catch-all parameter 'path' must be the last segment")]
    [TestCase("/{*path}/{id?}", "catch-all parameter 'path' must be the last segment")]
    [TestCase("/{id}/{ID}", "parameter name 'ID' is used twice")]
    [TestCase("/file{name}.{ext}", "segment 'file{name}.{ext}' mixes literal text and parameters")]
    [TestCase("/a{id}", "segment 'a{id}' mixes literal text")]
    [TestCase("/{id}a", "segment '{id}a' mixes literal text")]
    [TestCase("/{a}{b}", "segment '{a}{b}' mixes literal text")]
    [TestCase("/a//b", "empty segment")]
    [TestCase("/a//", "empty segment")]
    [TestCase("//", "empty segment")]
    [TestCase("/{}", "has no name")]
    [TestCase("/{:int}", "has no name")]
    [TestCase("/{1a}", "parameter name '1a' is invalid")]
    [TestCase("/{a-b}", "parameter name 'a-b' is invalid")]
    [TestCase("/{*path?}", "catch-all parameter 'path' is optional already")]
    [TestCase("/{**path}", "'{**name}' is not supported")]
    [TestCase("/{a=}", "empty default value")]
    [TestCase("/{a=1?}", "cannot be both optional ('?') and have a default")]
    [TestCase("/{a?x}", "'?' must be the last character of parameter 'a'")]
    [TestCase("/{id:int=abc}", "default value 'abc' of parameter 'id' does not satisfy its constraints")]
    [TestCase("/a?b", "may not contain '?'")]
    [TestCase("/a#b", "may not contain '#'")]
    public void Invalid_template_throws_naming_the_template_and_the_problem(string template, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => RoutePattern.Parse(template));
        Assert.That(error!.Message, Does.StartWith($"Invalid route template '{template}': "));
        Assert.That(error.Message, Does.Contain(problem));
    }

    [Test]
    public void Invalid_template_error_names_its_owner_when_given()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RoutePattern.Parse("/{id", "UsersController.Get"));
        Assert.That(error!.Message, Does.StartWith("Invalid route template '/{id' on UsersController.Get: "));
    }
}
