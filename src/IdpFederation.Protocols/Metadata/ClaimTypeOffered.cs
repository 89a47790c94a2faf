namespace IdpFederation.Protocols.Metadata;

/// <summary>An auth:ClaimType in fed:ClaimTypesOffered (WS-Federation 1.2 §3.1.2.4 / §9.3).</summary>
public sealed record ClaimTypeOffered(string Uri, string DisplayName, string Description);
