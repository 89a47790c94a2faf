using IdpFederation.Core.Federation;
using IdpFederation.Core.Tokens.Rollover;

namespace IdpFederation.Tests.Federation.Rollover;

[Trait("Kind", "Unit")]
public sealed class PromotionRuleTests
{
    private const string Next = "AAAA";
    private static readonly DateTimeOffset Now = new(2027, 1, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Margin = TimeSpan.FromDays(5);

    private static PromotionDecision Decide(IReadOnlyList<EntraDomainCertificates>? entra, double currentDaysLeft = 30, double nextValidInDays = -1) =>
        PromotionRule.Decide(Now.AddDays(currentDaysLeft), Now.AddDays(nextValidInDays), Next, entra, Now, Margin);

    [Fact]
    public void Promotes_when_every_federated_domain_holds_it_as_signing_or_next()
    {
        var decision = Decide([new("contoso.com", "OLD", Next), new("fabrikam.com", Next.ToLowerInvariant(), "OLD")]);

        Assert.True(decision.Promote);
        Assert.Equal(PromotionReason.EveryDomainHoldsIt, decision.Reason);
    }

    [Fact]
    public void Waits_while_one_domain_lacks_it_and_names_that_domain()
    {
        var decision = Decide([new("contoso.com", "OLD", Next), new("fabrikam.com", "OLD", null)]);

        Assert.False(decision.Promote);
        Assert.Equal(PromotionReason.WaitingForDomains, decision.Reason);
        Assert.Equal(["fabrikam.com"], decision.DomainsMissingIt);
    }

    [Fact]
    public void Promotes_at_the_safety_margin_although_a_domain_lacks_it()
    {
        var decision = Decide([new("contoso.com", "OLD", Next), new("fabrikam.com", "OLD", null)], currentDaysLeft: 5);

        Assert.True(decision.Promote);
        Assert.Equal(PromotionReason.SafetyMargin, decision.Reason);
        Assert.Equal(["fabrikam.com"], decision.DomainsMissingIt);
    }

    [Fact]
    public void Just_outside_the_safety_margin_it_still_waits()
    {
        Assert.False(Decide([new("contoso.com", "OLD", null)], currentDaysLeft: 5.01).Promote);
    }

    [Fact]
    public void Never_promotes_a_certificate_whose_NotBefore_is_in_the_future()
    {
        Assert.Equal(PromotionReason.NotYetValid, Decide([new("contoso.com", "OLD", Next)], nextValidInDays: 1).Reason);
        Assert.False(Decide([new("contoso.com", "OLD", Next)], currentDaysLeft: 1, nextValidInDays: 1).Promote);
    }

    [Fact]
    public void Without_Entra_it_waits_for_the_safety_margin()
    {
        Assert.Equal(PromotionReason.EntraNotAsked, Decide(null).Reason);
        Assert.True(Decide(null, currentDaysLeft: 2).Promote);
    }

    [Fact]
    public void No_federated_domain_means_nobody_can_be_broken()
    {
        Assert.True(Decide([]).Promote);
    }
}
