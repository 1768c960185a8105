namespace MicroWeb.Hosting;

/// <summary>
/// Where the app's files (appsettings*.json, templates/, static/) are read from, when the configuration does not
/// say (<c>--contentRoot</c>, <c>MICROWEB_ContentRoot</c>).
/// </summary>
internal static class ContentRoot
{
    /// <summary>
    /// The configured folder; else the working directory when it holds the app's files (<c>dotnet run</c> in the
    /// project folder, where edits to templates show at once); else the folder the app was built or published to,
    /// which holds copies of them (buildTransitive/MicroWeb.targets), so a published app starts from anywhere.
    /// </summary>
    public static string Resolve(string? configured, string currentDirectory, string baseDirectory)
    {
        if (!string.IsNullOrEmpty(configured)) return Path.GetFullPath(configured);
        return HoldsAppFiles(currentDirectory) || !HoldsAppFiles(baseDirectory)
            ? Path.GetFullPath(currentDirectory)
            : Path.GetFullPath(baseDirectory);
    }

    private static bool HoldsAppFiles(string directory) =>
        File.Exists(Path.Combine(directory, "appsettings.json"))
        || Directory.Exists(Path.Combine(directory, "templates"))
        || Directory.Exists(Path.Combine(directory, "static"));
}
