using System.Diagnostics;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.Telemetry;

namespace IdpFederation.Tests.Telemetry;

/// <summary>A sign-in span carries the protocol, relying party and client-request-id, and each step as an event.</summary>
[Trait("Kind", "Unit")]
public sealed class SignInTracingTests
{
    [Fact]
    public void A_span_records_its_correlation_id_steps_and_outcome()
    {
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IdpTelemetryNames.SignInActivitySource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        var clientRequestId = Guid.NewGuid().ToString();
        // The listener sees every span of the source in this process; this test's own carry its client-request-id.
        listener.ActivityStopped = a =>
        {
            if (a.GetTagItem(SignInTracing.ClientRequestIdTag) as string == clientRequestId)
            {
                lock (stopped)
                {
                    stopped.Add(a);
                }
            }
        };
        ActivitySource.AddActivityListener(listener);
        var request = new ValidatedSignInRequest
        {
            Protocol = SignInProtocol.WsFederation,
            RelyingParty = new RelyingParty("urn:test", "Test", ["https://app.example.test/"]),
            ReplyUrl = "https://app.example.test/",
            ClientRequestId = clientRequestId,
            ReceivedAt = DateTimeOffset.UtcNow,
        };

        using (var activity = SignInTracing.Start(SignInTracing.OrchestratorSpan, request))
        {
            SignInTracing.StepEvaluated("policy", SignInDecision.Continue());
            SignInTracing.StepEvaluated("mfa", SignInDecision.Deny(SignInErrorCodes.MfaLockedOut, "mfa locked out", "Too many codes."));
            SignInTracing.End(activity, SignInOutcomes.Denied);
        }

        var span = Assert.Single(stopped);
        Assert.Equal("idpfed.signin", span.OperationName);
        Assert.Equal("wsfed", span.GetTagItem(SignInTracing.ProtocolTag));
        Assert.Equal("urn:test", span.GetTagItem(SignInTracing.RelyingPartyTag));
        Assert.Equal("denied", span.GetTagItem(SignInTracing.OutcomeTag));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(["policy:continue", "mfa:deny"], span.Events.Select(e => $"{e.Name}:{e.Tags.Single(t => t.Key == "decision").Value}"));
    }
}
