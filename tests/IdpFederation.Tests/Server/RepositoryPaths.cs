namespace IdpFederation.Tests.Server;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever built this test assembly; the server binaries sit beside it.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name;

    public static string ServerProjectDirectory => Path.Combine(Root, "src", "IdpFederation.Server");

    public static string ServerAssembly => Path.Combine(AppContext.BaseDirectory, "IdpFederation.Server.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IdpFederation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find IdpFederation.sln above " + AppContext.BaseDirectory);
    }
}
