using MicroWeb.Hosting;

namespace MicroWeb.Tests.Hosting;

public sealed class EnvironmentNameTests
{
    private static Func<string, string?> Variables(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;

    [Test]
    public void The_configured_name_wins_over_the_dotnet_variables()
    {
        var name = EnvironmentName.Resolve("Staging", Variables(("DOTNET_ENVIRONMENT", "Development"), ("ASPNETCORE_ENVIRONMENT", "Test")));

        Assert.That(name, Is.EqualTo("Staging"));
    }

    [Test]
    public void DOTNET_ENVIRONMENT_comes_before_ASPNETCORE_ENVIRONMENT()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EnvironmentName.Resolve(null, Variables(("DOTNET_ENVIRONMENT", "Development"), ("ASPNETCORE_ENVIRONMENT", "Test"))), Is.EqualTo("Development"));
            Assert.That(EnvironmentName.Resolve("", Variables(("ASPNETCORE_ENVIRONMENT", "Test"))), Is.EqualTo("Test"));
        });
    }

    [Test]
    public void Production_when_nothing_says()
    {
        Assert.That(EnvironmentName.Resolve(null, Variables(("DOTNET_ENVIRONMENT", ""))), Is.EqualTo("Production"));
    }
}
