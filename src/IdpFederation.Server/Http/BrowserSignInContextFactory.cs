using IdpFederation.Core.Pipeline;
using IdpFederation.Core.Policies;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using IdpFederation.Server.Mfa;

namespace IdpFederation.Server.Http;

/// <summary>
/// Builds the pipeline's view of a browser sign-in the same way for the protocol endpoint and the MFA pages, so both
/// reach the same decision for the same request, session and cookies.
/// </summary>
public sealed class BrowserSignInContextFactory
{
    private readonly ClientAddressResolver _addresses;
    private readonly RememberDeviceCookie _devices;

    public BrowserSignInContextFactory(ClientAddressResolver addresses, RememberDeviceCookie devices)
    {
        _addresses = addresses;
        _devices = devices;
    }

    public SignInContext Create(HttpContext context, ValidatedSignInRequest request, SsoSession? session, string? pendingSignInId) => new()
    {
        Request = request,
        PendingSignInId = pendingSignInId,
        Session = session,
        ClientAddress = _addresses.Resolve(context, ClientKind.Browser),
        ClientKind = ClientKind.Browser,
        RememberedDeviceToken = _devices.Read(context),
    };
}
