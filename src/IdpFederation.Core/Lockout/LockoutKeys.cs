using System.Net;

namespace IdpFederation.Core.Lockout;

/// <summary>Counter names (under the store's counter: prefix); UPNs are upper-cased so case cannot dodge a count.</summary>
internal sealed class LockoutKeys
{
    private readonly string _user;

    public LockoutKeys(string userPrincipalName, IPAddress? clientIp)
    {
        _user = userPrincipalName.Trim().ToUpperInvariant();
        var ip = clientIp?.ToString();
        Familiar = ip is null ? null : $"familiar:{_user}:{ip}";
        IpFailures = ip is null ? null : $"ipfail:{ip}";
    }

    public string? Familiar { get; }
    public string? IpFailures { get; }

    public string UserFailures(bool familiar) => $"badpwd:{_user}:{(familiar ? "familiar" : "unfamiliar")}";
}
