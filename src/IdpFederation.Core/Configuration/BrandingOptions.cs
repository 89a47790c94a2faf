namespace IdpFederation.Core.Configuration;

public sealed class BrandingOptions
{
    public string OrganizationName { get; set; } = "IdpFederation";

    /// <summary>A same-origin path or https URL; the CSP allows images only from self and https.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>CSS colours, validated as hex (#rgb or #rrggbb) so they cannot inject CSS.</summary>
    public string PrimaryColor { get; set; } = "#0067b8";

    public string BackgroundColor { get; set; } = "#f2f2f2";
}
