using System.Net;
using System.Text.RegularExpressions;
using MessageBoard.Data;
using Microsoft.Extensions.DependencyInjection;
using MicroWeb;
using static MessageBoard.Tests.BoardApp;

namespace MessageBoard.Tests;

/// <summary>
/// The message board over real sockets, with a cookie-keeping client and its own database per test.
/// Escaping, SQL and paging run in memory instead: see <see cref="InMemoryBoardTests"/>.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class MessageBoardTests
{
    [Test]
    public async Task Register_login_post_and_only_the_owner_can_delete()
    {
        await using var app = await StartAsync();
        (await RegisterAsync(app, "ada")).Dispose();

        var ada = app.CreateClient();
        using (var login = await PostFormAsync(ada, "/login", "/login", ("username", "ada"), ("password", "correct horse")))
        {
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Found));
            Assert.That(login.Headers.Location?.OriginalString, Is.EqualTo("/"));
        }
        using (var post = await PostMessageAsync(ada, "Hello, board!"))
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }

        string board = await ada.GetStringAsync("/");
        Assert.That(board, Does.Contain("Hello, board!"));
        Assert.That(board, Does.Contain("@ada"));
        Assert.That(board, Does.Contain("Message posted."));
        Assert.That(board, Does.Contain("Log out"));
        long id = LastMessageId(board);
        Assert.That(board, Does.Contain($"action=\"/messages/{id}/delete\""));

        var bob = await RegisterAsync(app, "bob");
        string bobsBoard = await bob.GetStringAsync("/");
        Assert.That(bobsBoard, Does.Not.Contain($"/messages/{id}/delete"), "no delete button on someone else's message");
        using (var forbidden = await PostFormAsync(bob, "/", $"/messages/{id}/delete"))
        {
            Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
        Assert.That(await ada.GetStringAsync("/"), Does.Contain("Hello, board!"));

        using (var delete = await PostFormAsync(ada, "/", $"/messages/{id}/delete"))
        {
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }
        board = await ada.GetStringAsync("/");
        Assert.That(board, Does.Not.Contain("Hello, board!"));
        Assert.That(board, Does.Contain("Message deleted."));

        using var gone = await PostFormAsync(ada, "/", $"/messages/{id}/delete");
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Wrong_password_shows_a_message_and_does_not_sign_in()
    {
        await using var app = await StartAsync();
        (await RegisterAsync(app, "ada")).Dispose();

        var client = app.CreateClient();
        using var response = await PostFormAsync(client, "/login", "/login", ("username", "ada"), ("password", "wrong password"));
        string html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("Wrong username or password."));
        Assert.That(html, Does.Contain("value=\"ada\""), "the username is kept in the form");

        string board = await client.GetStringAsync("/");
        Assert.That(board, Does.Contain("href=\"/login\""));
        Assert.That(board, Does.Not.Contain("Log out"));
    }

    [Test]
    public async Task Duplicate_username_is_refused_ignoring_case()
    {
        await using var app = await StartAsync();
        (await RegisterAsync(app, "ada")).Dispose();

        var client = app.CreateClient();
        using var response = await PostFormAsync(client, "/register", "/register", ("username", "ADA"), ("password", "another password"));
        Assert.That(response.StatusCode, Is.EqualTo((HttpStatusCode)422));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("That username is taken."));
    }

    [Test]
    public async Task Registration_validation_messages_are_shown_in_the_form()
    {
        await using var app = await StartAsync();
        var client = app.CreateClient();
        using var response = await PostFormAsync(client, "/register", "/register", ("username", "a!"), ("password", "short"));
        string html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo((HttpStatusCode)422));
        Assert.That(html, Does.Contain("A username is 3 to 20 letters, digits or underscores."));
        Assert.That(html, Does.Contain("Use at least 8 characters."));
        Assert.That(Regex.Matches(html, "aria-invalid=\"true\""), Has.Count.EqualTo(2), "both fields are marked invalid");
        Assert.That(html, Does.Contain("name=\"__csrf\""), "the re-rendered form can be posted again");
    }

    [TestCase("grace_hopper", "Grace_Hopper", "Choose a password that is not your user name.")]
    [TestCase("grace", "12345678", "That password is too easy to guess; choose another.")]
    [TestCase("grace", "password1", "That password is too easy to guess; choose another.")]
    public async Task Registration_refuses_weak_passwords_saying_why(string name, string password, string message)
    {
        await using var app = await StartAsync();
        var client = app.CreateClient();

        using var response = await PostFormAsync(client, "/register", "/register", ("username", name), ("password", password));

        Assert.That(response.StatusCode, Is.EqualTo((HttpStatusCode)422));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(message));
        Assert.That(await app.App.Services.GetRequiredService<IUserStore>().FindByNameAsync(name), Is.Null, "no account was created");
    }

    [Test]
    public async Task Login_rehashes_a_password_stored_at_a_lower_cost()
    {
        await using var app = await StartAsync(null, "--Security:PasswordIterations", "150000");
        var users = app.App.Services.GetRequiredService<IUserStore>();
        await users.CreateAsync("ada", new PasswordHasher(100_000).Hash("correct horse"));
        var client = app.CreateClient();

        using var wrong = await PostFormAsync(client, "/login", "/login", ("username", "ada"), ("password", "wrong horse"));
        var afterWrong = (await users.FindByNameAsync("ada"))!.PasswordHash;
        using var right = await PostFormAsync(client, "/login", "/login", ("username", "ada"), ("password", "correct horse"));
        var afterRight = (await users.FindByNameAsync("ada"))!.PasswordHash;

        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(afterWrong.Split('$')[1], Is.EqualTo("100000"), "a failed login changes nothing");
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(afterRight.Split('$')[1], Is.EqualTo("150000"));
        Assert.That(new PasswordHasher(150_000).Verify("correct horse", afterRight), Is.True);
    }

    [Test]
    public async Task Message_length_is_validated()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");

        using var tooLong = await PostMessageAsync(ada, new string('x', 1001));
        Assert.That(tooLong.StatusCode, Is.EqualTo((HttpStatusCode)422));
        Assert.That(await tooLong.Content.ReadAsStringAsync(), Does.Contain("A message is 1 to 1000 characters."));

        using var empty = await PostMessageAsync(ada, "");
        Assert.That(empty.StatusCode, Is.EqualTo((HttpStatusCode)422));

        using var longest = await PostMessageAsync(ada, new string('y', 1000));
        Assert.That(longest.StatusCode, Is.EqualTo(HttpStatusCode.Found));
    }

    [Test]
    public async Task Posting_anonymously_redirects_to_login()
    {
        await using var app = await StartAsync();
        var client = app.CreateClient();
        using var response = await PostFormAsync(client, "/login", "/messages", ("text", "hi"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(response.Headers.Location?.OriginalString, Does.StartWith("/login?returnUrl="));
    }

    [Test]
    public async Task A_form_post_without_the_csrf_token_is_rejected()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");
        await ada.GetStringAsync("/");

        using var response = await ada.PostAsync("/messages", new FormUrlEncodedContent([new("text", "forged")]));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        using var wrongToken = await ada.PostAsync("/messages", new FormUrlEncodedContent([new("text", "forged"), new("__csrf", "AAAA")]));
        Assert.That(wrongToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ada.GetStringAsync("/"), Does.Not.Contain("forged"));
    }

    [Test]
    public async Task A_tampered_session_cookie_is_anonymous()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");
        Assert.That(await ada.GetStringAsync("/"), Does.Contain("Log out"));

        var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var attacker = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        string value = app.CookieValue(ada, "microweb.auth");
        char[] chars = value.ToCharArray();
        int middle = chars.Length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", "microweb.auth=" + new string(chars));
        using var response = await attacker.SendAsync(request);
        string html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Not.Contain("Log out"));
        Assert.That(html, Does.Not.Contain("@ada"));
        Assert.That(html, Does.Contain("href=\"/login\""));
    }

    [Test]
    public async Task Logging_out_needs_a_post_and_signs_out()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");
        using (var get = await ada.GetAsync("/logout"))
        {
            Assert.That(get.StatusCode, Is.Not.EqualTo(HttpStatusCode.Found));
        }
        Assert.That(await ada.GetStringAsync("/"), Does.Contain("Log out"));

        using (var logout = await PostFormAsync(ada, "/", "/logout"))
        {
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }
        string html = await ada.GetStringAsync("/");
        Assert.That(html, Does.Not.Contain("Log out"));
        Assert.That(html, Does.Contain("You are logged out."));
    }

    [Test]
    public async Task After_logout_a_replayed_old_cookie_no_longer_authenticates_anywhere()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");
        string stolen = app.CookieValue(ada, "microweb.auth");
        var phone = app.CreateClient();
        using (var login = await PostFormAsync(phone, "/login", "/login", ("username", "ada"), ("password", "correct horse")))
        {
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }
        Assert.That(await ReplayAsync(app, stolen, "/"), Does.Contain("Log out"), "the copy works before logout");

        using (var logout = await PostFormAsync(ada, "/", "/logout"))
        {
            Assert.That(logout.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }

        string replayed = await ReplayAsync(app, stolen, "/");
        Assert.That(replayed, Does.Not.Contain("Log out").And.Not.Contain("@ada"));
        Assert.That(replayed, Does.Contain("href=\"/login\""));
        Assert.That(await phone.GetStringAsync("/"), Does.Not.Contain("Log out"), "logging out on one device signs out the others");

        using (var again = await PostFormAsync(ada, "/login", "/login", ("username", "ada"), ("password", "correct horse")))
        {
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }
        Assert.That(await ada.GetStringAsync("/"), Does.Contain("Log out"), "a new sign-in carries the new stamp");
        Assert.That(await ReplayAsync(app, stolen, "/"), Does.Not.Contain("Log out"), "the old copy stays dead");
    }

    /// <summary>GETs <paramref name="path"/> sending only the given sign-in cookie, as an attacker holding a copy would.</summary>
    private static async Task<string> ReplayAsync(BoardApp app, string authCookie, string path)
    {
        using var attacker = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "microweb.auth=" + authCookie);
        using var response = await attacker.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await response.Content.ReadAsStringAsync();
    }

    [Test]
    public async Task Login_returns_to_a_local_url_only()
    {
        await using var app = await StartAsync();
        (await RegisterAsync(app, "ada")).Dispose();

        var client = app.CreateClient();
        using (var local = await PostFormAsync(client, "/login?returnUrl=%2Fusers%2Fada", "/login",
            ("username", "ada"), ("password", "correct horse"), ("returnUrl", "/users/ada")))
        {
            Assert.That(local.Headers.Location?.OriginalString, Is.EqualTo("/users/ada"));
        }
        using var external = await PostFormAsync(client, "/login", "/login",
            ("username", "ada"), ("password", "correct horse"), ("returnUrl", "//evil.example/"));
        Assert.That(external.Headers.Location?.OriginalString, Is.EqualTo("/"));
    }

    [Test]
    public async Task Stylesheet_and_favicon_are_served()
    {
        await using var app = await StartAsync();
        var client = app.CreateClient();
        using var css = await client.GetAsync("/static/site.css");
        Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(css.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
        using var icon = await client.GetAsync("/static/favicon.svg");
        Assert.That(icon.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/svg+xml"));
        Assert.That(await client.GetStringAsync("/"), Does.Contain("href=\"/static/favicon.svg\""));
    }
}
