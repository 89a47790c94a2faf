using System.Text.RegularExpressions;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Onboarding;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Tests.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Store;

/// <summary>idpfed user onboarding-link, user set, and the onboarding state in user show/list, run in-process on a real SQLite file.</summary>
[Trait("Kind", "Integration")]
public sealed partial class OnboardingLinkCommandTests : IDisposable
{
    private readonly CliTestHost _cli = new();

    public void Dispose() => _cli.Dispose();

    [GeneratedRegex(@"^https://sts\.contoso\.com/onboarding\?token=([A-Za-z0-9_-]{43})$")]
    private static partial Regex LinkLine();

    /// <summary>The production services on the CLI's config and database, as the server would see them.</summary>
    private async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(_cli.ConfigDirectory, IdpPaths.MainConfigFile)).Build();
        var services = new ServiceCollection();
        services.AddIdpOptions(configuration, _cli.ConfigDirectory);
        services.AddIdpDirectory();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(CancellationToken.None);
        return await use(provider);
    }

    private Task<DirectoryUser> ImportAsync(string upn) => WithServicesAsync(sp =>
        sp.GetRequiredService<IUserDirectory>().CreateAsync(new NewUser { UserPrincipalName = upn, NeedsOnboarding = true }));

    [Fact]
    public async Task Set_changes_display_name_and_usage_location_and_refuses_bad_values()
    {
        await _cli.RunAsync("user", "add", "erin@contoso.com", "--display-name", "Erin");

        (await _cli.RunAsync("user", "set", "ERIN@contoso.com", "--display-name", "Erin Smith", "--usage-location", "nz")).Succeeded();

        var json = (await _cli.RunAsync("user", "show", "erin@contoso.com", "--json")).Succeeded().Json;
        Assert.Equal("Erin Smith", (string?)json["displayName"]);
        Assert.Equal("NZ", (string?)json["usageLocation"]);
        (await _cli.RunAsync("user", "set", "erin@contoso.com", "--display-name", "")).Succeeded();
        Assert.Null((string?)(await _cli.RunAsync("user", "show", "erin@contoso.com", "--json")).Succeeded().Json["displayName"]);
        (await _cli.RunAsync("user", "set", "erin@contoso.com")).FailedWith(2, "Nothing to change");
        (await _cli.RunAsync("user", "set", "erin@contoso.com", "--usage-location", "")).FailedWith(1, "cannot be cleared");
        (await _cli.RunAsync("user", "set", "erin@contoso.com", "--usage-location", "NZL")).FailedWith(1, "two-letter");
        (await _cli.RunAsync("user", "set", "nobody@contoso.com", "--display-name", "X")).FailedWith(1, "does not exist");
    }

    private static string TokenOf(CliResult result)
    {
        var first = result.Stdout.Split('\n')[0].TrimEnd('\r');
        var match = LinkLine().Match(first);
        Assert.True(match.Success, "unexpected first line: " + first);
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task Prints_a_link_on_the_public_url_that_works_once_and_the_newest_only()
    {
        await ImportAsync("alice@contoso.com");

        var first = (await _cli.RunAsync("user", "onboarding-link", "ALICE@contoso.com")).Succeeded();
        var second = (await _cli.RunAsync("user", "onboarding-link", "alice@contoso.com", "--valid-for", "30m")).Succeeded();

        Assert.Contains("For alice@contoso.com, valid until", first.Stdout, StringComparison.Ordinal);
        var (older, newer) = await WithServicesAsync(async sp =>
        {
            var links = sp.GetRequiredService<IOnboardingLinks>();
            return (await links.FindAsync(TokenOf(first)), await links.FindAsync(TokenOf(second)));
        });
        Assert.Null(older);
        Assert.NotNull(newer);
        Assert.InRange(newer.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(31));
        var redeemed = await WithServicesAsync(sp => sp.GetRequiredService<IOnboardingLinks>().RedeemAsync(TokenOf(second), "Correct horse battery 1!"));
        Assert.Equal(OnboardingOutcome.PasswordSet, redeemed.Outcome);
    }

    [Fact]
    public async Task Show_and_list_tell_who_needs_onboarding_until_a_password_is_set()
    {
        await ImportAsync("bob@contoso.com");
        await _cli.RunAsync("user", "add", "carol@contoso.com");

        var shown = (await _cli.RunAsync("user", "show", "bob@contoso.com")).Succeeded().Stdout;
        var json = (await _cli.RunAsync("user", "show", "bob@contoso.com", "--json")).Succeeded().Json;
        var table = (await _cli.RunAsync("user", "list")).Succeeded().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Matches(@"Password:\s+not set \(needs onboarding", shown);
        Assert.True((bool?)json["needsOnboarding"]);
        Assert.Contains("ONBOARDING", table[0], StringComparison.Ordinal);
        Assert.Matches(@"^bob@contoso\.com\s.*\sneeded\s", table.Single(l => l.StartsWith("bob@", StringComparison.Ordinal)));
        Assert.DoesNotContain("needed", table.Single(l => l.StartsWith("carol@", StringComparison.Ordinal)), StringComparison.Ordinal);

        (await _cli.RunWithStdinAsync("Correct horse battery 1!\n", "user", "set-password", "bob@contoso.com", "--password-stdin")).Succeeded();
        Assert.False((bool?)(await _cli.RunAsync("user", "show", "bob@contoso.com", "--json")).Succeeded().Json["needsOnboarding"]);
    }

    [Fact]
    public async Task Refusals_name_the_reason()
    {
        await ImportAsync("dave@contoso.com");

        (await _cli.RunAsync("user", "onboarding-link", "nobody@contoso.com")).FailedWith(1, "does not exist");
        (await _cli.RunAsync("user", "onboarding-link", "dave@contoso.com", "--valid-for", "90d")).FailedWith(2, "--valid-for '90d' must be a duration from 5m to 30d");
        (await _cli.RunAsync("user", "onboarding-link", "dave@contoso.com", "--valid-for", "1m")).FailedWith(2, "--valid-for");
        (await _cli.RunAsync("user", "onboarding-link", "dave@contoso.com", "--valid-for", "soon")).FailedWith(2, "--valid-for");
        (await _cli.RunAsync("user", "onboarding-link")).FailedWith(2, "Missing required argument <upn>");
        var spelled = (await _cli.RunAsync("user", "onboarding-link", "dave@contoso.com", "--valid-for", "3.00:00:00")).Succeeded();
        var expires = await WithServicesAsync(sp => sp.GetRequiredService<IOnboardingLinks>().FindAsync(TokenOf(spelled)));
        Assert.InRange(expires!.ExpiresAt, DateTimeOffset.UtcNow.AddDays(3).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(3).AddMinutes(1));
    }
}
