namespace Packaging.Tests;

internal static class Repository
{
    /// <summary>The repository root: the folder above the test binaries that holds Micro.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The version Directory.Build.props gives every package.</summary>
    public static string Version { get; } = ReadVersion();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Micro.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("Micro.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }

    private static string ReadVersion()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        return props.Descendants("Version").Single().Value;
    }
}
