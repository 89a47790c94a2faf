using IdpFederation.Core.SignIn;
using IdpFederation.Server.Http;
using IdpFederation.Protocols.WsFederation;
using Microsoft.AspNetCore.Http.Features;

namespace IdpFederation.Server.WsFederation;

/// <summary>/adfs/ls/: the passive endpoint path that admins and tools know from AD FS.</summary>
public static class WsFederationEndpoints
{
    public const string PassivePath = "/adfs/ls/";
    public const string ResumePath = "/adfs/ls/resume";

    /// <summary>Caps checked before parsing; per-parameter limits come from configuration.</summary>
    private const int MaxQueryLength = 16 * 1024;
    private const int MaxFormBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapWsFederation(this IEndpointRouteBuilder endpoints)
    {
        // Anonymous requests here store a pending sign-in, so they count toward the per-address limit; single sign-on
        // does not (README "Flood limits").
        endpoints.MapMethods(PassivePath, [HttpMethods.Get, HttpMethods.Post], HandleAsync).DisableAntiforgery()
            .WithMetadata(new SignInRateLimitAttribute { ExemptLiveSessions = true });
        endpoints.MapGet(ResumePath, (HttpContext context, WsFederationSignInHandler handler, string? signin) => handler.ResumeAsync(context, signin));
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, WsFederationSignInHandler handler)
    {
        var parameters = await ReadParametersAsync(context).ConfigureAwait(false);
        if (parameters is null)
        {
            return Error(SignInErrorCodes.ParameterTooLong, "The sign-in request is too large.");
        }

        var parsed = WsFederationMessage.Parse(parameters);
        if (parsed.Message is not { } message)
        {
            return parsed.ErrorKind == WsFederationParseError.UnsupportedAction
                ? Error(SignInErrorCodes.UnsupportedAction, "The WS-Federation action (wa) is not supported.")
                : Error(SignInErrorCodes.InvalidRequest, parsed.Error ?? "The sign-in request is malformed.");
        }

        return message.Action switch
        {
            WsFederationConstants.Actions.SignIn => await handler.SignInAsync(context, message).ConfigureAwait(false),
            WsFederationConstants.Actions.SignOut or WsFederationConstants.Actions.SignOutCleanup =>
                await handler.SignOutAsync(context, message).ConfigureAwait(false),
            _ => Error(SignInErrorCodes.UnsupportedAction, "The WS-Federation action (wa) is not supported."),
        };
    }

    private static async Task<List<KeyValuePair<string, string?>>?> ReadParametersAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.QueryString.Value?.Length > MaxQueryLength)
        {
            return null;
        }

        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var (key, values) in request.Query)
        {
            parameters.AddRange(values.Select(v => new KeyValuePair<string, string?>(key, v)));
        }

        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            if (request.ContentLength > MaxFormBytes)
            {
                return null;
            }

            context.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions { BufferBodyLengthLimit = MaxFormBytes, ValueLengthLimit = MaxFormBytes, ValueCountLimit = 64 }));
            try
            {
                var form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
                foreach (var (key, values) in form)
                {
                    parameters.AddRange(values.Select(v => new KeyValuePair<string, string?>(key, v)));
                }
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }

        return parameters;
    }

    internal static SignInErrorResult Error(string code, string description, int status = StatusCodes.Status400BadRequest) =>
        new(new SignInError(code, description, status));
}
