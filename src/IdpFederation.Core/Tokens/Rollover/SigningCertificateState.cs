namespace IdpFederation.Core.Tokens.Rollover;

/// <summary>Where a managed signing certificate is in its life: published ahead, signing, or done.</summary>
public enum SigningCertificateState
{
    /// <summary>Published in metadata and pushed to Entra; does not sign yet.</summary>
    Next,

    /// <summary>Signs every token and the metadata.</summary>
    Current,

    /// <summary>Signed until a promotion replaced it; kept as the secondary certificate while valid (see SigningKeySet).</summary>
    Retired,
}
