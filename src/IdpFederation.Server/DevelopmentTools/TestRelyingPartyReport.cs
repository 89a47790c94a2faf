namespace IdpFederation.Server.DevelopmentTools;

/// <summary>One rule a relying party applies to a token, and what it found. Details are safe to show; never the token.</summary>
public sealed record TokenCheck(string Id, string Name, bool Passed, string Detail);

/// <summary>What the test relying party made of one POST: the decoded token (when readable) and every check.</summary>
public sealed record TestRelyingPartyReport(ReceivedToken? Token, IReadOnlyList<TokenCheck> Checks, string? Context, DateTimeOffset CheckedAt)
{
    public const string SignatureCheck = "signature";

    /// <summary>Always present: a token that cannot even be read has an invalid signature as far as a relying party knows.</summary>
    public TokenCheck Signature => Checks.Single(c => c.Id == SignatureCheck);

    /// <summary>What a relying party would do: accept only when every check passed.</summary>
    public bool Accepted => Checks.All(c => c.Passed);
}
