using System.Diagnostics;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Cli;

/// <summary>
/// A file as the repository ships it: the committed version (git's HEAD), not the working copy, which an admin trying
/// the IdP out may well have edited. Only a checkout without git (an exported tarball) falls back to the working copy.
/// </summary>
internal static class ShippedFiles
{
    public static string Read(string repositoryPath)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-C", RepositoryPaths.Root, "show", "HEAD:" + repositoryPath })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var git = Process.Start(start)!;
            var text = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            if (git.ExitCode == 0)
            {
                return text;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine: fall through to the working copy.
        }

        return File.ReadAllText(Path.Combine(RepositoryPaths.Root, repositoryPath));
    }
}
