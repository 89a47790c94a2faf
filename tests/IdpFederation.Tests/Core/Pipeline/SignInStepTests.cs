using IdpFederation.Core.Configuration;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.SignIn;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class SessionAuthenticationStepTests
{
    private readonly CoreTestFactory _factory = new();
    private readonly SessionAuthenticationStep _step = new();

    [Fact]
    public void Its_name_is_stable() => Assert.Equal("authenticated", _step.Name);

    [Fact]
    public async Task No_session_requires_login()
    {
        var decision = await _step.EvaluateAsync(new SignInContext { Request = _factory.SignInRequest() }, default);

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
        Assert.Equal("no session", decision.Reason);
    }

    [Fact]
    public async Task A_session_continues_when_no_fresh_authentication_is_asked_for_however_old_its_password_check()
    {
        var session = _factory.Session("alice@contoso.com", authenticatedAt: _factory.Time.GetUtcNow().AddHours(-23));

        var decision = await _step.EvaluateAsync(new SignInContext { Request = _factory.SignInRequest(), Session = session }, default);

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
    }

    [Fact]
    public async Task Wfresh_with_a_password_check_before_the_request_requires_login()
    {
        var received = _factory.Time.GetUtcNow();
        var session = _factory.Session("alice@contoso.com", authenticatedAt: received.AddTicks(-1));

        var decision = await _step.EvaluateAsync(new SignInContext { Request = _factory.SignInRequest(forceFresh: true, receivedAt: received), Session = session }, default);

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
        Assert.Equal("fresh authentication requested", decision.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(60_000)]
    public async Task Wfresh_with_a_password_check_at_or_after_the_request_continues(int millisecondsAfter)
    {
        // The login page runs after the request arrived, so the session it creates satisfies wfresh=0.
        var received = _factory.Time.GetUtcNow();
        var session = _factory.Session("alice@contoso.com", authenticatedAt: received.AddMilliseconds(millisecondsAfter));

        var decision = await _step.EvaluateAsync(new SignInContext { Request = _factory.SignInRequest(forceFresh: true, receivedAt: received), Session = session }, default);

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
    }

    [Fact]
    public async Task Null_context_is_refused() => await Assert.ThrowsAsync<ArgumentNullException>(async () => await _step.EvaluateAsync(null!, default));
}

[Trait("Kind", "Unit")]
public sealed class AccountActiveStepTests
{
    private readonly CoreTestFactory _factory = new();

    private async Task<(SignInDecision Decision, SignInContext Context)> EvaluateAsync(string sessionUpn, AccountActiveStep? step = null)
    {
        var context = new SignInContext { Request = _factory.SignInRequest(), Session = _factory.Session(sessionUpn) };
        var decision = await (step ?? _factory.CreateAccountActiveStep()).EvaluateAsync(context, default);
        return (decision, context);
    }

    [Fact]
    public void Its_name_is_stable() => Assert.Equal("account-active", _factory.CreateAccountActiveStep().Name);

    [Fact]
    public async Task An_active_user_in_a_federated_domain_continues_and_is_put_on_the_context()
    {
        var user = _factory.Directory.Add("alice@contoso.com");

        var (decision, context) = await EvaluateAsync("alice@contoso.com");

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
        Assert.Equal(user, context.User);
        Assert.Equal(["alice@contoso.com"], _factory.Directory.Lookups);
    }

    [Fact]
    public async Task A_user_deleted_since_sign_in_is_denied()
    {
        var (decision, context) = await EvaluateAsync("ghost@contoso.com");

        Assert.Equal(SignInDecisionKind.Deny, decision.Kind);
        Assert.Equal(SignInErrorCodes.AccountNotFound, decision.ErrorCode);
        Assert.Equal(403, decision.StatusCode);
        Assert.Equal("user no longer exists", decision.Reason);
        Assert.Null(context.User);
    }

    [Fact]
    public async Task A_disabled_user_is_denied()
    {
        _factory.Directory.Add("alice@contoso.com", enabled: false);

        var (decision, context) = await EvaluateAsync("alice@contoso.com");

        Assert.Equal(SignInDecisionKind.Deny, decision.Kind);
        Assert.Equal(SignInErrorCodes.AccountDisabled, decision.ErrorCode);
        Assert.Equal("account disabled", decision.Reason);
        Assert.Equal(403, decision.StatusCode);
        Assert.Null(context.User);
    }

    [Fact]
    public async Task A_user_whose_domain_is_no_longer_federated_is_denied()
    {
        _factory.Directory.Add("alice@contoso.com");
        var step = _factory.CreateAccountActiveStep();
        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Domains.RemoveAt(0);
        _factory.Options.Set(reloaded);

        var (decision, context) = await EvaluateAsync("alice@contoso.com", step);

        Assert.Equal(SignInDecisionKind.Deny, decision.Kind);
        Assert.Equal(SignInErrorCodes.DomainNotFederated, decision.ErrorCode);
        Assert.Equal("user's domain is not federated", decision.Reason);
        Assert.Null(context.User);
    }

    [Fact]
    public async Task A_subdomain_user_of_a_federated_parent_continues()
    {
        _factory.Directory.Add("alice@corp.contoso.com");

        var (decision, _) = await EvaluateAsync("alice@corp.contoso.com");

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
    }

    [Fact]
    public async Task The_domain_is_judged_by_the_directorys_upn_not_the_sessions_spelling()
    {
        _factory.Directory.Add("Alice@Contoso.com");

        var (decision, context) = await EvaluateAsync("ALICE@CONTOSO.COM");

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
        Assert.Equal("Alice@Contoso.com", context.User?.UserPrincipalName);
    }

    [Fact]
    public async Task Disabling_is_seen_once_the_user_cache_window_passes()
    {
        _factory.Directory.Add("alice@contoso.com");
        var step = _factory.CreateAccountActiveStep();
        Assert.Equal(SignInDecisionKind.Continue, (await EvaluateAsync("alice@contoso.com", step)).Decision.Kind);

        await _factory.Directory.SetEnabledAsync("alice@contoso.com", enabled: false);
        _factory.Time.Advance(_factory.CurrentOptions.Session.UserCacheDuration);

        Assert.Equal(SignInErrorCodes.AccountDisabled, (await EvaluateAsync("alice@contoso.com", step)).Decision.ErrorCode);
    }

    [Fact]
    public async Task With_the_cache_off_disabling_is_seen_on_the_very_next_token()
    {
        var factory = new CoreTestFactory(o => o.Session = new SessionOptions { UserCacheDuration = TimeSpan.Zero });
        factory.Directory.Add("alice@contoso.com");
        var step = factory.CreateAccountActiveStep();
        var context = new SignInContext { Request = factory.SignInRequest(), Session = factory.Session("alice@contoso.com") };
        Assert.Equal(SignInDecisionKind.Continue, (await step.EvaluateAsync(context, default)).Kind);

        await factory.Directory.SetEnabledAsync("alice@contoso.com", enabled: false);

        Assert.Equal(SignInErrorCodes.AccountDisabled, (await step.EvaluateAsync(context, default)).ErrorCode);
    }
}
