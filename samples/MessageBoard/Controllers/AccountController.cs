using System.ComponentModel.DataAnnotations;
using MessageBoard.Data;
using MicroWeb;

namespace MessageBoard.Controllers;

public sealed record RegisterForm(
    [property: Required(ErrorMessage = "Choose a username."),
        RegularExpression("^[A-Za-z0-9_]{3,20}$", ErrorMessage = "A username is 3 to 20 letters, digits or underscores.")]
    string? Username,
    [property: Required(ErrorMessage = "Choose a password.")]
    string? Password);

public sealed record LoginForm(string? Username, string? Password, string? ReturnUrl);

public sealed class AccountController(IUserStore users, PasswordHasher hasher, PasswordPolicy passwords) : PageController
{
    [HttpGet("/register")]
    public IResult Register() => Page("register.html", "Register", new());

    [EnableRateLimiting(AccountRateLimits.PerAddress)]
    [EnableRateLimiting(AccountRateLimits.PerName)]
    [HttpPost("/register")]
    public async Task<IResult> Register(RegisterForm form)
    {
        if (ModelState.GetError(nameof(RegisterForm.Password)) is null && passwords.Validate(form.Password, form.Username) is { } weak)
        {
            ModelState.AddModelError(nameof(RegisterForm.Password), weak);
        }

        if (ModelState.IsValid)
        {
            if (await users.CreateAsync(form.Username!, hasher.Hash(form.Password!)) is { } user)
            {
                await SignInAsync(user);
                HttpContext.SetFlash($"Welcome, {user.Name}!");
                return Redirect("/");
            }
            ModelState.AddModelError(nameof(RegisterForm.Username), "That username is taken.");
        }
        return Page("register.html", "Register", new()
        {
            ["username"] = form.Username,
            ["usernameError"] = ModelState.GetError(nameof(RegisterForm.Username)),
            ["passwordError"] = ModelState.GetError(nameof(RegisterForm.Password)),
        }, 422);
    }

    [HttpGet("/login")]
    public IResult Login(string? returnUrl) => Page("login.html", "Log in", new() { ["returnUrl"] = LocalOrNull(returnUrl) });

    [EnableRateLimiting(AccountRateLimits.PerAddress)]
    [EnableRateLimiting(AccountRateLimits.PerName)]
    [HttpPost("/login")]
    public async Task<IResult> Login(LoginForm form)
    {
        if (await AccountCredentials.VerifyAsync(users, hasher, form.Username, form.Password) is { } user)
        {
            await SignInAsync(user);
            HttpContext.SetFlash($"Welcome back, {user.Name}!");
            return Redirect(LocalOrNull(form.ReturnUrl) ?? "/");
        }
        return Page("login.html", "Log in", new()
        {
            ["username"] = form.Username,
            ["returnUrl"] = LocalOrNull(form.ReturnUrl),
            ["error"] = "Wrong username or password.",
        }, 400);
    }

    /// <summary>Logs out everywhere: a new security stamp makes every earlier cookie of this user invalid, copies included.</summary>
    [HttpPost("/logout")]
    public async Task<IResult> Logout()
    {
        if (CurrentUserId is { } id) await users.RotateSecurityStampAsync(id);
        await HttpContext.SignOutAsync();
        HttpContext.SetFlash("You are logged out.");
        return Redirect("/");
    }

    private Task SignInAsync(UserAccount user) =>
        HttpContext.SignInAsync(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new Dictionary<string, string> { ["name"] = user.Name, [SecurityStampClaim] = user.SecurityStamp });

    /// <summary>The claim carrying the user's security stamp, checked on every request by <see cref="MessageBoardApp"/>.</summary>
    public const string SecurityStampClaim = "stamp";

    private static string? LocalOrNull(string? url) => url is { Length: > 0 } && Results.IsLocalUrl(url) ? url : null;
}
