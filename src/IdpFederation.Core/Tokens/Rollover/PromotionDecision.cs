using IdpFederation.Core.Federation;

namespace IdpFederation.Core.Tokens.Rollover;

public enum PromotionReason
{
    /// <summary>Every federated domain holds the next certificate: tokens it signs are accepted everywhere.</summary>
    EveryDomainHoldsIt,

    /// <summary>The current certificate is within the safety margin of expiry: promoted although some domains lack the next one.</summary>
    SafetyMargin,

    /// <summary>Not promoted: some federated domain does not hold the next certificate yet.</summary>
    WaitingForDomains,

    /// <summary>Not promoted: the next certificate's NotBefore has not passed.</summary>
    NotYetValid,

    /// <summary>Not promoted: Entra could not be asked (no Graph connection) and the safety margin is not reached.</summary>
    EntraNotAsked,
}

/// <summary>Whether to switch signing to the next certificate now, and which domains lack it.</summary>
public sealed record PromotionDecision(bool Promote, PromotionReason Reason, IReadOnlyList<string> DomainsMissingIt);

/// <summary>
/// The promotion rule (entra-federation.md §7): sign with the next certificate only when every federated domain holds
/// it, since Entra accepts tokens signed by either signingCertificate or nextSigningCertificate; or, failing that, when
/// the current certificate is about to expire, because an expired signer fails every domain at once.
/// </summary>
public static class PromotionRule
{
    /// <param name="entra">What Entra holds per federated domain; null when Entra could not be asked.</param>
    public static PromotionDecision Decide(DateTimeOffset currentNotAfter, DateTimeOffset nextNotBefore, string nextThumbprint,
        IReadOnlyList<EntraDomainCertificates>? entra, DateTimeOffset now, TimeSpan safetyMargin)
    {
        ArgumentNullException.ThrowIfNull(nextThumbprint);
        // A certificate that is not valid yet would be refused by Entra whatever the domains hold.
        if (now < nextNotBefore)
        {
            return new(false, PromotionReason.NotYetValid, []);
        }

        var missing = entra?.Where(d => !d.Holds(nextThumbprint)).Select(d => d.Domain).ToList() ?? [];
        if (entra is not null && missing.Count == 0)
        {
            return new(true, PromotionReason.EveryDomainHoldsIt, []);
        }

        if (currentNotAfter - now <= safetyMargin)
        {
            return new(true, PromotionReason.SafetyMargin, missing);
        }

        return new(false, entra is null ? PromotionReason.EntraNotAsked : PromotionReason.WaitingForDomains, missing);
    }
}
