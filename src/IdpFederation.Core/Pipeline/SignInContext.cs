using IdpFederation.Core.Directory;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;

namespace IdpFederation.Core.Pipeline;

/// <summary>What the policy steps see about one sign-in; steps may fill in what they resolve (the user).</summary>
public sealed class SignInContext
{
    public required ValidatedSignInRequest Request { get; init; }
    public SsoSession? Session { get; init; }
    public string? ClientIp { get; init; }
    public DirectoryUser? User { get; set; }
}
