using System.Security.Cryptography;
using System.Text;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// The one place the Redis key scheme is defined (README "Redis key scheme" mirrors it). Every key starts with
/// Idp:State:KeyPrefix (default "idpfed:"). Secrets never appear in key names: session IDs and replayed values are
/// hashed first.
/// <code>
/// {prefix}session:{sha256(session id)}   HASH r=record JSON, a=absolute expiry (unix ms), l=last seen (unix ms),
///                                         p=relying parties, newline-separated.  TTL min(sliding, absolute left)
/// {prefix}user-sessions:{UPN upper}       SET of session hashes, for listing and revocation. TTL: latest absolute
/// {prefix}pending:{id}                    STRING pending sign-in JSON. TTL 15 minutes
/// {prefix}pending-index                   ZSET pending IDs scored by expiry (unix ms), at most MaxPendingSignIns.
///                                         TTL 15 minutes from the latest save
/// {prefix}replay:{scope}:{sha256(value)}  STRING "1". TTL: the value's lifetime
/// {prefix}counter:{name}                  STRING integer. TTL: the counter's window
/// {prefix}dataprotection:keys             LIST of Data Protection key XML. No TTL (keys carry their own expiry)
/// </code>
/// </summary>
public sealed class RedisKeys
{
    private readonly string _prefix;

    public RedisKeys(string prefix) => _prefix = prefix;

    public string Session(string sessionStorageKey) => _prefix + "session:" + sessionStorageKey;

    public string UserSessions(string userPrincipalName) => _prefix + "user-sessions:" + userPrincipalName.Trim().ToUpperInvariant();

    public string Pending(string id) => _prefix + "pending:" + id;

    public string PendingIndex => _prefix + "pending-index";

    public string Replay(string scope, string value) => _prefix + "replay:" + scope + ":" + Hash(value);

    public string Counter(string name) => _prefix + "counter:" + name;

    public string DataProtectionKeys => _prefix + "dataprotection:keys";

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
