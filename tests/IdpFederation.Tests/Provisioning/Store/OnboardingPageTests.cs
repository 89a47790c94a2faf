using System.Net;
using System.Text.Json.Nodes;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Onboarding;
using IdpFederation.Core.Passwords;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Infrastructure.Persistence.Entities;
using IdpFederation.Tests.Server;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Store;

/// <summary>The real server with every log category at Information, so a token that reached any log line would show.</summary>
public sealed class OnboardingServerFixture : IdpServerFixture
{
    public OnboardingServerFixture()
        : base(config => config["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Information" } })
    {
    }
}

/// <summary>
/// /onboarding against the real server in a child process: GET shows the form without using the link, the
/// antiforgery-checked POST sets the password once (also under parallel double submits), every unusable link gets
/// the same 410 page, and no token reaches the server's output.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class OnboardingPageTests : IClassFixture<OnboardingServerFixture>
{
    private const string NewPassword = "Onboarded pass phrase 9!";
    private readonly OnboardingServerFixture _idp;

    public OnboardingPageTests(OnboardingServerFixture idp) => _idp = idp;

    private IOnboardingLinks Links => _idp.Directory.Services.GetRequiredService<IOnboardingLinks>();

    private async Task<(string Upn, string Token)> ImportedUserWithLinkAsync()
    {
        var upn = $"onboard{Guid.NewGuid():N}@contoso.com";
        await _idp.Directory.Users.CreateAsync(new NewUser { UserPrincipalName = upn, NeedsOnboarding = true });
        var link = await Links.IssueAsync(upn, TimeSpan.FromHours(1));
        return (upn, link.Token);
    }

    private static string Url(string token) => "/onboarding?token=" + Uri.EscapeDataString(token);

    private async Task<bool> PasswordIsAsync(string upn, string password)
    {
        var user = await _idp.Directory.Users.FindByUpnAsync(upn);
        return user?.PasswordHash is { } hash
            && _idp.Directory.Services.GetRequiredService<IPasswordHasher>().Verify(hash, password) != PasswordVerificationResult.Failed;
    }

    private static Dictionary<string, string> Passwords(string password, string? confirmation = null) =>
        new() { ["Password"] = password, ["ConfirmPassword"] = confirmation ?? password };

    [Fact]
    public async Task The_form_does_not_use_the_link_and_a_good_password_does_once()
    {
        var (upn, token) = await ImportedUserWithLinkAsync();
        using var browser = _idp.NewBrowser();

        var form = await browser.GetAsync(Url(token));
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal(upn, form.Text("#onboarding-user"));
        Assert.Contains("Contoso Test", form.Html, StringComparison.Ordinal);
        Assert.Contains("no-store", form.Headers["Cache-Control"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Url(token))).Status);

        var mismatch = await browser.SubmitAsync(form, Passwords(NewPassword, NewPassword + "x"));
        Assert.Equal("The two passwords do not match.", mismatch.Text("#onboarding-error"));
        var weak = await browser.SubmitAsync(form, Passwords("short"));
        Assert.Equal(HttpStatusCode.OK, weak.Status);
        Assert.False(string.IsNullOrEmpty(weak.Text("#onboarding-error")));
        Assert.NotNull(await Links.FindAsync(token));
        Assert.Null((await _idp.Directory.Users.FindByUpnAsync(upn))!.PasswordHash);

        var done = await browser.SubmitAsync(weak, Passwords(NewPassword));

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.NotNull(done.Text("#onboarding-done"));
        Assert.True(await PasswordIsAsync(upn, NewPassword));
        Assert.False((await _idp.Directory.Users.FindByUpnAsync(upn))!.NeedsOnboarding);
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync(Url(token))).Status);
        Assert.Equal(HttpStatusCode.Gone, (await browser.SubmitAsync(form, Passwords("Yet another pass phrase 4"))).Status);
        Assert.True(await PasswordIsAsync(upn, NewPassword));

        // The chosen password signs in through the ordinary WS-Federation flow.
        using var signIn = _idp.NewBrowser();
        Assert.NotNull(WsFederationClient.ParseWresult(await WsFederationClient.SignInAsync(signIn, upn, NewPassword)));
        Assert.DoesNotContain(token, _idp.Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_submits_of_one_form_set_the_password_exactly_once()
    {
        var (upn, token) = await ImportedUserWithLinkAsync();
        using var browser = _idp.NewBrowser();
        var form = await browser.GetAsync(Url(token));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var submits = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var password = $"{NewPassword} {i}";
            return (Password: password, Page: await browser.SubmitAsync(form, Passwords(password)));
        })).ToList();
        start.SetResult();

        var results = await Task.WhenAll(submits);

        var winner = Assert.Single(results, r => r.Page.Status == HttpStatusCode.OK);
        Assert.NotNull(winner.Page.Text("#onboarding-done"));
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.Gone, r.Page.Status));
        Assert.True(await PasswordIsAsync(upn, winner.Password));
        Assert.DoesNotContain(token, _idp.Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_malformed_used_replaced_and_expired_links_get_one_and_the_same_page()
    {
        var (_, used) = await ImportedUserWithLinkAsync();
        Assert.Equal(OnboardingOutcome.PasswordSet, (await Links.RedeemAsync(used, NewPassword)).Outcome);
        var (replacedUpn, replaced) = await ImportedUserWithLinkAsync();
        await Links.IssueAsync(replacedUpn, TimeSpan.FromHours(1));
        var expired = await ExpiredLinkAsync();
        using var browser = _idp.NewBrowser();

        var pages = new List<Page>();
        foreach (var url in new[] { Url(used), Url(replaced), Url(expired), Url(OnboardingLinkLimits.NewToken()), "/onboarding?token=abc", "/onboarding" })
        {
            pages.Add(await browser.GetAsync(url));
        }

        Assert.All(pages, p => Assert.Equal(HttpStatusCode.Gone, p.Status));
        Assert.Single(pages.Select(p => p.Document.QuerySelector("main")!.TextContent).Distinct());
        Assert.All(pages, p => Assert.Empty(p.Document.Forms));
        Assert.All(pages, p => Assert.Equal("This link cannot be used", p.Text("#onboarding-invalid")));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_leaves_the_link_usable()
    {
        var (_, token) = await ImportedUserWithLinkAsync();
        using var browser = _idp.NewBrowser();

        var forged = await browser.PostFormAsync("/onboarding", new Dictionary<string, string>
        {
            ["token"] = token,
            ["Password"] = NewPassword,
            ["ConfirmPassword"] = NewPassword,
        });

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.NotNull(await Links.FindAsync(token));
    }

    /// <summary>A link that expired a minute ago on the server's clock, written the way IssueAsync writes one.</summary>
    private async Task<string> ExpiredLinkAsync()
    {
        var upn = $"expired{Guid.NewGuid():N}@contoso.com";
        var user = await _idp.Directory.Users.CreateAsync(new NewUser { UserPrincipalName = upn, NeedsOnboarding = true });
        var token = OnboardingLinkLimits.NewToken();
        await using var context = _idp.Directory.Services.GetRequiredService<IdpDbContextFactory>().CreateDbContext();
        context.OnboardingTokens.Add(new OnboardingTokenEntity
        {
            TokenHash = OnboardingLinkLimits.Hash(token),
            UserId = user.Id,
            CreatedAtUtc = DateTime.UtcNow.AddHours(-1),
            ExpiresAtUtc = DateTime.UtcNow.AddMinutes(-1),
        });
        await context.SaveChangesAsync();
        return token;
    }
}
