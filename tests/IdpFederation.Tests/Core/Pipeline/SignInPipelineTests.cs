using IdpFederation.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class SignInPipelineTests
{
    private readonly CoreTestFactory _factory = new();
    private readonly ListLogger<SignInPipeline> _logger = new();
    private readonly List<string> _ran = [];

    private RecordingStep Step(string name, SignInDecision decision) => new RecordingStep(name, decision, _ran);

    private SignInContext Context() => new() { Request = _factory.SignInRequest(), Session = _factory.Session("alice@contoso.com") };

    [Fact]
    public async Task All_steps_continuing_yields_continue_after_running_each_in_order()
    {
        var pipeline = _factory.CreateSignInPipeline([Step("a", SignInDecision.Continue()), Step("b", SignInDecision.Continue()), Step("c", SignInDecision.Continue())], _logger);

        var decision = await pipeline.RunAsync(Context());

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
        Assert.Equal("all steps passed", decision.Reason);
        Assert.Equal(["a", "b", "c"], _ran);
    }

    [Fact]
    public async Task The_first_non_continue_decision_is_returned_and_later_steps_do_not_run()
    {
        var deny = SignInDecision.Deny("IDPF9999", "test denial", "Denied for the test.", 401);
        var pipeline = _factory.CreateSignInPipeline([Step("a", SignInDecision.Continue()), Step("b", deny), Step("c", SignInDecision.RequireLogin("never"))], _logger);

        var decision = await pipeline.RunAsync(Context());

        Assert.Same(deny, decision);
        Assert.Equal(["a", "b"], _ran);
    }

    [Fact]
    public async Task Require_login_also_stops_the_pipeline()
    {
        var pipeline = _factory.CreateSignInPipeline([Step("first", SignInDecision.RequireLogin("no session")), Step("second", SignInDecision.Continue())], _logger);

        var decision = await pipeline.RunAsync(Context());

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
        Assert.Equal("no session", decision.Reason);
        Assert.Equal(["first"], _ran);
    }

    [Fact]
    public async Task A_stop_is_logged_with_step_decision_reason_and_realm()
    {
        var pipeline = _factory.CreateSignInPipeline([Step("ok", SignInDecision.Continue()), Step("blocker", SignInDecision.Deny("IDPF2002", "account disabled", "x"))], _logger);

        await pipeline.RunAsync(Context());

        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(2001, entry.EventId.Id);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("blocker", entry.Values["Step"]);
        Assert.Equal(SignInDecisionKind.Deny, entry.Values["Decision"]);
        Assert.Equal("account disabled", entry.Values["Reason"]);
        Assert.Equal("urn:federation:MicrosoftOnline", entry.Values["Realm"]);
        Assert.Equal("Sign-in pipeline stopped at blocker: Deny (account disabled) for urn:federation:MicrosoftOnline", entry.Message);
    }

    [Fact]
    public async Task Completion_is_logged_with_the_resolved_user_id()
    {
        var user = _factory.Directory.Add("alice@contoso.com");
        var setsUser = new DelegateStep("resolve", c =>
        {
            c.User = user;
            return SignInDecision.Continue();
        });
        var pipeline = _factory.CreateSignInPipeline([setsUser], _logger);

        await pipeline.RunAsync(Context());

        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(2002, entry.EventId.Id);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal(user.Id, entry.Values["UserId"]);
    }

    [Fact]
    public async Task An_empty_pipeline_continues()
    {
        var decision = await _factory.CreateSignInPipeline([], _logger).RunAsync(Context());

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
    }

    [Fact]
    public async Task The_steps_see_the_same_context_and_a_later_step_sees_what_an_earlier_one_resolved()
    {
        var user = _factory.Directory.Add("alice@contoso.com");
        SignInContext? seen = null;
        var pipeline = _factory.CreateSignInPipeline(
        [
            new DelegateStep("resolve", c => { c.User = user; return SignInDecision.Continue(); }),
            new DelegateStep("check", c => { seen = c; return c.User is null ? SignInDecision.Deny("X", "no user", "x") : SignInDecision.Continue(); }),
        ], _logger);
        var context = Context();

        var decision = await pipeline.RunAsync(context);

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
        Assert.Same(context, seen);
    }

    [Fact]
    public async Task The_cancellation_token_reaches_the_steps()
    {
        using var cts = new CancellationTokenSource();
        CancellationToken seen = default;
        var pipeline = _factory.CreateSignInPipeline([new DelegateStep("t", (_, token) => { seen = token; return SignInDecision.Continue(); })], _logger);

        await pipeline.RunAsync(Context(), cts.Token);

        Assert.Equal(cts.Token, seen);
    }

    [Fact]
    public async Task Null_context_is_refused() =>
        await Assert.ThrowsAsync<ArgumentNullException>(() => _factory.CreateSignInPipeline([], _logger).RunAsync(null!));

    // ---- the production steps together ----

    [Fact]
    public async Task Production_order_asks_for_a_login_before_deciding_mfa()
    {
        // A wauth demand for MFA without a session: the user must first say who they are; MFA is decided last.
        var context = new SignInContext { Request = _factory.SignInRequest(mfa: true), Session = null };

        var decision = await _factory.CreateSignInPipeline(logger: _logger).RunAsync(context);

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
        Assert.Equal("no session", decision.Reason);
        Assert.Null(decision.ErrorCode);
        Assert.Equal("authenticated", Assert.Single(_logger.Entries).Values["Step"]);
        Assert.Equal(0, _factory.Directory.FindCalls);
        Assert.Equal(0, _factory.MfaEnrollments.GetCalls);
    }

    [Fact]
    public async Task Production_order_asks_for_login_without_touching_the_directory_when_there_is_no_session()
    {
        var context = new SignInContext { Request = _factory.SignInRequest(), Session = null };

        var decision = await _factory.CreateSignInPipeline(logger: _logger).RunAsync(context);

        Assert.Equal(SignInDecisionKind.RequireLogin, decision.Kind);
        Assert.Equal(0, _factory.Directory.FindCalls);
        Assert.Equal("authenticated", Assert.Single(_logger.Entries).Values["Step"]);
    }

    [Fact]
    public async Task Production_order_passes_a_live_session_of_an_active_user()
    {
        var user = _factory.Directory.Add("alice@contoso.com");
        var context = new SignInContext { Request = _factory.SignInRequest(), Session = _factory.Session("alice@contoso.com") };

        var decision = await _factory.CreateSignInPipeline(logger: _logger).RunAsync(context);

        Assert.Equal(SignInDecisionKind.Continue, decision.Kind);
        Assert.Equal(user, context.User);
    }

    private sealed class RecordingStep(string name, SignInDecision decision, List<string> ran) : ISignInStep
    {
        public string Name => name;

        public ValueTask<SignInDecision> EvaluateAsync(SignInContext context, CancellationToken cancellationToken)
        {
            ran.Add(name);
            return ValueTask.FromResult(decision);
        }
    }

    private sealed class DelegateStep : ISignInStep
    {
        private readonly Func<SignInContext, CancellationToken, SignInDecision> _evaluate;

        public DelegateStep(string name, Func<SignInContext, SignInDecision> evaluate)
            : this(name, (c, _) => evaluate(c))
        {
        }

        public DelegateStep(string name, Func<SignInContext, CancellationToken, SignInDecision> evaluate)
        {
            Name = name;
            _evaluate = evaluate;
        }

        public string Name { get; }

        public ValueTask<SignInDecision> EvaluateAsync(SignInContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_evaluate(context, cancellationToken));
    }
}
