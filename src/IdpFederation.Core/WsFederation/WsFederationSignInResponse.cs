namespace IdpFederation.Core.WsFederation;

/// <summary>What the browser posts to the relying party: wa=wsignin1.0, wresult and wctx.</summary>
public sealed record WsFederationSignInResponse(string ReplyUrl, string Result, string? Context);
