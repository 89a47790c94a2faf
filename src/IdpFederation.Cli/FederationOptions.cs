using System.CommandLine;

namespace IdpFederation.Cli;

/// <summary>Options the federation commands share.</summary>
internal static class FederationOptions
{
    public static Option<string[]> Domains() => new("--domain")
    {
        Description = "A domain under Idp:Domains; repeat for several. Default: every configured root domain.",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<bool> Force(string what) => new("--force") { Description = what };
}
