namespace IdpFederation.Core.Configuration;

/// <summary>Input caps checked before any parsing.</summary>
public sealed class WsFederationLimits
{
    /// <summary>Entra's wctx carries an estsrequest blob of a few KB; 8 KB fits it with room and still bounds memory.</summary>
    public int MaxWctxLength { get; set; } = 8192;

    public int MaxRealmLength { get; set; } = 1024;

    public int MaxReplyUrlLength { get; set; } = 2048;

    public int MaxUsernameLength { get; set; } = 256;
}
