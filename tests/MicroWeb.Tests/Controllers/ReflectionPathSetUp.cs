namespace MicroWeb.Tests;

/// <summary>
/// "Tests run both": this test assembly's controllers are source-generated, so a plain run tests the generated path.
/// With <c>MICROWEB_CONTROLLERS_REFLECTION=1</c> every controller takes the reflection fallback instead, and the same
/// tests run against it: <c>MICROWEB_CONTROLLERS_REFLECTION=1 dotnet test tests/MicroWeb.Tests --filter FullyQualifiedName~Controllers</c>.
/// </summary>
[SetUpFixture]
public sealed class ReflectionPathSetUp
{
    public const string Variable = "MICROWEB_CONTROLLERS_REFLECTION";

    /// <summary>True when this run tests the reflection fallback.</summary>
    public static bool Reflection => Environment.GetEnvironmentVariable(Variable) == "1";

    [OneTimeSetUp]
    public void SetUp() => AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", Reflection);

    [OneTimeTearDown]
    public void TearDown() => AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", false);
}
