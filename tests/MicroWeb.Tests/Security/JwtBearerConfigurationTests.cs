using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Security.Bearer;
using MicroWeb.Tests.Support;
using static MicroWeb.Tests.Security.JwtBearerTokens;

namespace MicroWeb.Tests.Security;

/// <summary><c>Authentication:Bearer</c>: binding, the errors that name the key and its source, and the JWKS file.</summary>
public sealed class JwtBearerConfigurationTests
{
    private static readonly string s_secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static MicroWebAppBuilder Builder(bool addJwtBearer, params string[] args)
    {
        var builder = MicroWebApp.CreateBuilder(["--Security:Key", SecurityTestApp.NewKey(), .. args]);
        builder.Logging.ClearProviders();
        if (addJwtBearer) builder.Services.AddJwtBearer();
        return builder;
    }

    private static string[] Valid(params string[] more) =>
        ["--Authentication:Bearer:Issuer", Issuer, "--Authentication:Bearer:Audience", Audience, "--Authentication:Bearer:SigningKeys:0", s_secret, .. more];

    private static string BuildError(MicroWebAppBuilder builder) => Assert.Throws<InvalidOperationException>(() => builder.Build())!.Message;

    [Test]
    public async Task JwtBearer_options_are_bound_from_configuration()
    {
        await using var app = Builder(true, Valid("--Authentication:Bearer:ClockSkew", "00:00:30")).Build();
        var validator = app.Services.GetRequiredService<JwtBearerValidator>();

        Assert.That((validator.ClockSkew, validator.Keys.Count, validator.Keys[0].Algorithm), Is.EqualTo((TimeSpan.FromSeconds(30), 1, "HS256")));
    }

    [Test]
    public void JwtBearer_an_unknown_key_names_the_key_the_nearest_known_one_and_the_source()
    {
        var message = BuildError(Builder(true, Valid("--Authentication:Bearer:Audiance", "x")));

        Assert.That(message, Does.Contain("'Authentication:Bearer:Audiance' (from --Authentication:Bearer:Audiance)").And.Contain("did you mean 'Authentication:Bearer:Audience'"));
    }

    [Test]
    public void JwtBearer_a_bad_secret_names_its_key_but_never_its_value()
    {
        var message = BuildError(Builder(true, "--Authentication:Bearer:Issuer", Issuer, "--Authentication:Bearer:Audience", Audience,
            "--Authentication:Bearer:SigningKeys:0", "c2hvcnQtc2VjcmV0"));

        Assert.That(message, Does.Contain("'Authentication:Bearer:SigningKeys:0'").And.Contain("at least 32 bytes").And.Not.Contain("c2hvcnQtc2VjcmV0"));
    }

    [Test]
    public void JwtBearer_a_bad_clock_skew_names_its_key()
    {
        Assert.That(BuildError(Builder(true, Valid("--Authentication:Bearer:ClockSkew", "soon"))), Does.Contain("'Authentication:Bearer:ClockSkew'").And.Contain("soon"));
    }

    [Test]
    public void JwtBearer_a_private_PEM_key_is_refused_naming_its_key()
    {
        using var rsa = RSA.Create(2048);
        var builder = Builder(true, "--Authentication:Bearer:Issuer", Issuer, "--Authentication:Bearer:Audience", Audience);
        builder.Configuration.AddInMemoryCollection([new("Authentication:Bearer:SigningKeys:0", rsa.ExportPkcs8PrivateKeyPem())]);

        Assert.That(BuildError(builder), Does.Contain("'Authentication:Bearer:SigningKeys:0'").And.Contain("private key"));
    }

    [TestCase("Issuer")]
    [TestCase("Audience")]
    [TestCase("SigningKeys:0")]
    public void JwtBearer_a_missing_setting_fails_the_build_naming_it(string name)
    {
        var args = new List<string>(Valid());
        var index = args.IndexOf("--Authentication:Bearer:" + name);
        args.RemoveRange(index, 2);

        Assert.That(BuildError(Builder(true, [.. args])), Does.Contain($"Missing configuration value 'Authentication:Bearer:{name}'"));
    }

    [Test]
    public void JwtBearer_a_configured_section_without_AddJwtBearer_fails_rather_than_doing_nothing()
    {
        Assert.That(BuildError(Builder(false, Valid())), Does.Contain("'Authentication:Bearer'").And.Contain("AddJwtBearer"));
    }

    [Test]
    public async Task JwtBearer_code_runs_after_configuration_and_may_add_keys()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var builder = Builder(false, "--Authentication:Bearer:Issuer", "from-config", "--Authentication:Bearer:Audience", Audience);
        builder.Services.AddJwtBearer(options => options.SigningKeys.Add(JwtSigningKey.FromPem(PublicPem(ecdsa), "es")));
        builder.Services.AddJwtBearer(options => options.Issuer = Issuer);
        await using var app = builder.Build();
        var validator = app.Services.GetRequiredService<JwtBearerValidator>();
        var token = Sign(Header("ES256", "es"), Claims(DateTimeOffset.UtcNow), Es256(ecdsa));

        Assert.That(validator.Validate(token, DateTimeOffset.UtcNow, out var error)?.UserId, Is.EqualTo("ada"), error);
    }

    [Test]
    public async Task JwtBearer_keys_come_from_a_JWKS_file_relative_to_the_content_root()
    {
        var root = Directory.CreateTempSubdirectory("jwks");
        try
        {
            using var rsa = RSA.Create(2048);
            var parameters = rsa.ExportParameters(false);
            await File.WriteAllTextAsync(Path.Combine(root.FullName, "jwks.json"),
                $$"""{"keys":[{"kty":"RSA","kid":"k1","n":"{{System.Buffers.Text.Base64Url.EncodeToString(parameters.Modulus)}}","e":"{{System.Buffers.Text.Base64Url.EncodeToString(parameters.Exponent)}}"}]}""");
            var server = await TestServer.StartAsync(
                handler: null,
                configurePipeline: app =>
                {
                    app.UseAuthentication();
                    app.MapControllers(typeof(SecretController));
                },
                configureServices: services => services.AddJwtBearer(),
                args: ["--contentRoot", root.FullName, "--Security:Key", SecurityTestApp.NewKey(), "--Authentication:Bearer:Issuer", Issuer,
                    "--Authentication:Bearer:Audience", Audience, "--Authentication:Bearer:JwksFile", "jwks.json"]);
            await using (server)
            {
                using var client = server.CreateClient();
                using var request = new HttpRequestMessage(HttpMethod.Get, "/secret");
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Sign(Header("RS256", "k1"), Claims(DateTimeOffset.UtcNow), Rs256(rsa)));
                using var response = await client.SendAsync(request);

                Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("secret for ada"));
            }
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Test]
    public void JwtBearer_a_missing_or_bad_JWKS_file_names_the_key_and_the_file()
    {
        var root = Directory.CreateTempSubdirectory("jwks");
        try
        {
            File.WriteAllText(Path.Combine(root.FullName, "bad.json"), "{\"keys\":[]}");
            string[] common = ["--contentRoot", root.FullName, "--Authentication:Bearer:Issuer", Issuer, "--Authentication:Bearer:Audience", Audience];

            Assert.That(BuildError(Builder(true, [.. common, "--Authentication:Bearer:JwksFile", "missing.json"])),
                Does.Contain("'missing.json' for 'Authentication:Bearer:JwksFile'").And.Contain("cannot be read"));
            Assert.That(BuildError(Builder(true, [.. common, "--Authentication:Bearer:JwksFile", "bad.json"])),
                Does.Contain("'bad.json' for 'Authentication:Bearer:JwksFile'").And.Contain("no signing key"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
