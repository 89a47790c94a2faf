using System.Buffers.Binary;
using System.Security.Cryptography;
using IdpFederation.Core.Directory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace IdpFederation.Core.Mfa;

/// <summary>
/// The "remember this device" cookie's value: authenticated encryption (Data Protection) of who it is for, which
/// enrolment it vouches for, and until when. It is bound to the user twice (a per-user purpose and the user ID inside)
/// and to the enrolment's confirmation instant, so <c>idpfed mfa reset</c> or a re-enrolment revokes every remembered
/// device at once without a device table.
/// </summary>
public sealed class RememberedDeviceTokens
{
    /// <summary>Versioned, so a future change of format gets a new purpose rather than a reinterpretation.</summary>
    public const string Purpose = "IdpFederation.Mfa.RememberedDevice.v1";

    private const byte Version = 1;
    private const int PayloadSize = 1 + 16 + 8 + 8 + 8;
    private readonly IDataProtector _root;
    private readonly TimeProvider _time;

    public RememberedDeviceTokens(IDataProtectionProvider provider, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _root = provider.CreateProtector(Purpose);
        _time = time;
    }

    /// <summary>A token for a device the user asked to remember for <paramref name="days"/> days.</summary>
    public string Issue(DirectoryUser user, MfaEnrollment enrollment, int days)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var confirmedAt = enrollment.ConfirmedAt ?? throw new ArgumentException("Only a confirmed enrolment can remember devices.", nameof(enrollment));
        var now = _time.GetUtcNow();
        var payload = new byte[PayloadSize];
        payload[0] = Version;
        user.Id.TryWriteBytes(payload.AsSpan(1, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(17), confirmedAt.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(25), now.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(33), (now + TimeSpan.FromDays(days)).ToUnixTimeMilliseconds());
        return WebEncoders.Base64UrlEncode(For(user).Protect(payload));
    }

    /// <summary>
    /// True when <paramref name="token"/> was issued to this user for this very enrolment, has not expired, and is
    /// younger than <paramref name="allowedDays"/>, so lowering a policy's days shortens devices already remembered.
    /// </summary>
    public bool IsRemembered(string? token, DirectoryUser user, MfaEnrollment enrollment, int allowedDays)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(enrollment);
        if (string.IsNullOrEmpty(token) || token.Length > 1024 || enrollment.ConfirmedAt is not { } confirmedAt)
        {
            return false;
        }

        byte[] payload;
        try
        {
            payload = For(user).Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }

        if (payload.Length != PayloadSize || payload[0] != Version || new Guid(payload.AsSpan(1, 16)) != user.Id)
        {
            return false;
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var issuedAt = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(25));
        var expiresAt = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(33));
        return BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(17)) == confirmedAt.ToUnixTimeMilliseconds()
            && now < expiresAt
            && now < issuedAt + (long)TimeSpan.FromDays(allowedDays).TotalMilliseconds;
    }

    private IDataProtector For(DirectoryUser user) => _root.CreateProtector(user.Id.ToString("N"));
}
