using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;
using IdpFederation.Infrastructure.Geo;
using IdpFederation.Infrastructure.Policies;

namespace IdpFederation.Cli;

/// <summary>
/// Reads the policy file and the country database exactly as the server does (Idp:Policy), so what the CLI
/// accepts or predicts is what the server would do with the same configuration.
/// </summary>
internal static class PolicySources
{
    /// <summary>The file to check: as given (relative to the working directory), else Idp:Policy:File.</summary>
    public static string ResolvePolicyFile(CliSession session, string? file) =>
        file is { Length: > 0 } ? Path.GetFullPath(file) : session.Paths.ResolveConfigPath(session.Options.Policy.File);

    /// <summary>
    /// The configured country database files (CSV or mmdb, each read by the reader the server picks for it), or
    /// <see cref="NoCountryLookup"/> when none are, which makes a country condition a compile error, as it is at server
    /// start-up. A file the server would refuse is refused here with the same message.
    /// </summary>
    public static ICountryLookup LoadCountries(CliSession session)
    {
        var files = session.Options.Policy.CountryDatabase;
        if (files.Count == 0)
        {
            return new NoCountryLookup();
        }

        var paths = files.Select(session.Paths.ResolveConfigPath).ToList();
        if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing)
        {
            throw new CliRefusedException($"Country database file '{missing}' (Idp:Policy:CountryDatabase) does not exist; run scripts/fetch-geoip.sh.");
        }

        try
        {
            return CountryDatabaseSet.Load(paths);
        }
        catch (InvalidDataException ex)
        {
            throw new CliRefusedException("Country database rejected: " + ex.Message);
        }
    }

    /// <summary>Compiles the file; every error is printed to stdout on its own line and the command then fails.</summary>
    public static CompiledPolicy CompileOrFail(string path, ICountryLookup countries, TextWriter output)
    {
        var result = PolicyFileProvider.CompileFile(path, countries);
        if (result.Policy is { } policy)
        {
            return policy;
        }

        foreach (var error in result.Errors)
        {
            output.WriteLine(error);
        }

        throw new CliRefusedException($"Policy file '{path}' is invalid: {result.Errors.Count} error{(result.Errors.Count == 1 ? "" : "s")}; each is listed on standard output.");
    }
}
