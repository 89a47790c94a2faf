using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace IdpFederation.Server.Http;

/// <summary>
/// One cap on request bodies for the whole server: every form this IdP accepts (login, MFA, the WS-Fed POST with an
/// 8 KB wctx, a token posted to the development relying party) fits well inside it. A larger body is refused with 413
/// and its own code (IDPF1413) before any page or filter reads it, instead of failing deep in form parsing.
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 128 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            // The re-executed error request still carries the original headers: let it through to render the page.
            if (context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                if (request.ContentLength > MaxBytes)
                {
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }

                // A chunked body declares no length: buffer it (at most the cap, which Kestrel enforces) to find out.
                if (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0)
                {
                    request.EnableBuffering();
                    try
                    {
                        await request.Body.DrainAsync(context.RequestAborted).ConfigureAwait(false);
                        request.Body.Position = 0;
                    }
                    catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                    {
                        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                        return;
                    }
                }
            }

            await next(context).ConfigureAwait(false);
        });
}
