namespace IdpFederation.Server.Metadata;

public static class FederationMetadataEndpoints
{
    /// <summary>The AD FS path; routing matches it case-insensitively, as Entra and admins use both casings (spec §7).</summary>
    public const string Path = "/FederationMetadata/2007-06/FederationMetadata.xml";

    public static IEndpointRouteBuilder MapFederationMetadata(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context, FederationMetadataDocument document) =>
        {
            // Public and signed: caching is safe, and the short max-age lets a rollover show up within the hour.
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(document.GetXml(), "application/samlmetadata+xml", System.Text.Encoding.UTF8);
        });
        return endpoints;
    }
}
