using System.Text.RegularExpressions;
using IdpFederation.Core.RelyingParties;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Configuration;

/// <summary>Runs at start-up and on every reload, so a bad edit is named precisely instead of failing a sign-in later.</summary>
public sealed partial class IdpOptionsValidator : IValidateOptions<IdpOptions>
{
    public ValidateOptionsResult Validate(string? name, IdpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(baseUrl.Query))
        {
            errors.Add($"Idp:PublicBaseUrl '{options.PublicBaseUrl}' must be an absolute http(s) URL without a query.");
        }

        if (options.Domains.Count == 0)
        {
            errors.Add("Idp:Domains must list at least one federated domain.");
        }

        var issuers = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Domains.Count; i++)
        {
            var domain = options.Domains[i];
            if (!DomainName().IsMatch(domain.Name ?? ""))
            {
                errors.Add($"Idp:Domains:{i}:Name '{domain.Name}' is not a DNS domain name.");
            }
            else if (!names.Add(domain.Name!))
            {
                errors.Add($"Idp:Domains:{i}:Name '{domain.Name}' is listed twice.");
            }

            // Entra requires an IssuerUri to be unique across directories (spec §1.8).
            if (!IsAbsoluteUri(domain.EffectiveIssuerUri))
            {
                errors.Add($"Idp:Domains:{i}:IssuerUri '{domain.IssuerUri}' is not an absolute URI.");
            }
            else if (!issuers.Add(domain.EffectiveIssuerUri))
            {
                errors.Add($"Idp:Domains:{i}:IssuerUri '{domain.EffectiveIssuerUri}' is used by another domain; Entra requires one issuer per domain.");
            }
        }

        if (options.PrincipalNameSuffix is { Length: > 0 } suffix && !DomainName().IsMatch(suffix.TrimStart('@')))
        {
            errors.Add($"Idp:PrincipalNameSuffix '{suffix}' is not a DNS domain name.");
        }

        ValidateState(options.State, errors);
        ValidateRanges(options.Network.TrustedProxies, "Idp:Network:TrustedProxies", errors);
        ValidateRanges(options.Network.TrustedClientIpHeaderSources, "Idp:Network:TrustedClientIpHeaderSources", errors);
        ValidateRelyingParties(options, errors);
        ValidateLifetimes(options, errors);
        ValidateBranding(options.Branding, errors);

        if (options.PasswordHashing.Iterations < 100_000)
        {
            errors.Add($"Idp:PasswordHashing:Iterations {options.PasswordHashing.Iterations} is below 100000; PBKDF2 that weak is brute-forceable.");
        }

        ValidatePasswordPolicy(options.PasswordPolicy, errors);
        ValidateHealth(options.Health, errors);
        ValidateLimits(options, errors);
        ValidateTelemetry(options.Telemetry, errors);
        ValidateProvisioning(options, errors);
        ValidateRollover(options.Signing.Rollover, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidatePasswordPolicy(PasswordPolicyOptions policy, List<string> errors)
    {
        if (policy.MinimumLength < PasswordPolicyOptions.LowestMinimumLength || policy.MinimumLength > PasswordPolicyOptions.HighestMinimumLength)
        {
            errors.Add($"Idp:PasswordPolicy:MinimumLength {policy.MinimumLength} must be between {PasswordPolicyOptions.LowestMinimumLength} " +
                $"(NIST SP 800-63B's floor) and {PasswordPolicyOptions.HighestMinimumLength}.");
        }

        if (policy.MaximumLength < PasswordPolicyOptions.LowestMaximumLength || policy.MaximumLength > PasswordPolicyOptions.HighestMaximumLength)
        {
            errors.Add($"Idp:PasswordPolicy:MaximumLength {policy.MaximumLength} must be between {PasswordPolicyOptions.LowestMaximumLength} " +
                $"(pass phrases must fit) and {PasswordPolicyOptions.HighestMaximumLength} (the login form must accept it).");
        }

        if (policy.BannedPasswordsFile is { } file && file.Length > 0 && file.Trim().Length == 0)
        {
            errors.Add("Idp:PasswordPolicy:BannedPasswordsFile must be a file path or left out, not blank.");
        }
    }

    private static void ValidateHealth(HealthOptions health, List<string> errors)
    {
        if (health.ManagementUrl is { Length: > 0 } url && !HealthOptions.TryParseManagementPort(url, out _))
        {
            errors.Add($"Idp:Health:ManagementUrl '{url}' must be http://host:port or https://host:port with an explicit port (1-65535) " +
                "and no path, e.g. http://127.0.0.1:9000.");
        }

        if (health.DetailsKeyFile is { Length: > 0 } file && file.Trim().Length == 0)
        {
            errors.Add("Idp:Health:DetailsKeyFile must be a file path or left out, not blank.");
        }
    }

    private static void ValidateRelyingParties(IdpOptions options, List<string> errors)
    {
        for (var i = 0; i < options.RelyingParties.Count; i++)
        {
            var party = options.RelyingParties[i];
            if (string.IsNullOrWhiteSpace(party.Realm) || !IsAbsoluteUri(party.Realm))
            {
                errors.Add($"Idp:RelyingParties:{i}:Realm '{party.Realm}' must be an absolute URI.");
            }
            else if (string.Equals(party.Realm, DevelopmentTestRelyingParty.Realm, StringComparison.Ordinal))
            {
                // Reserved, so the realm exists only where the development switch (and its environment check) allows it.
                errors.Add($"Idp:RelyingParties:{i}:Realm '{party.Realm}' is reserved for the development test relying party; use Idp:Development:TestRelyingParty instead.");
            }

            if (party.ReplyUrls.Count == 0)
            {
                errors.Add($"Idp:RelyingParties:{i}:ReplyUrls must list at least one URL.");
            }

            for (var j = 0; j < party.ReplyUrls.Count; j++)
            {
                if (!Uri.TryCreate(party.ReplyUrls[j], UriKind.Absolute, out var reply) || reply.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(reply.Fragment))
                {
                    errors.Add($"Idp:RelyingParties:{i}:ReplyUrls:{j} '{party.ReplyUrls[j]}' must be an absolute https URL without a fragment.");
                }
            }
        }
    }

    private static void ValidateRanges(List<string> ranges, string key, List<string> errors)
    {
        for (var i = 0; i < ranges.Count; i++)
        {
            if (!Networks.IpRange.TryParse(ranges[i], out _, out var error))
            {
                errors.Add($"{key}:{i} {error}");
            }
        }
    }

    private static void ValidateRollover(RolloverOptions rollover, List<string> errors)
    {
        const string Key = "Idp:Signing:Rollover";
        if (rollover.RefreshInterval < TimeSpan.FromSeconds(1) || rollover.RefreshInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{Key}:RefreshInterval {rollover.RefreshInterval} must be between 1 second and 10 minutes: instances switch certificates within it.");
        }

        if (rollover.CheckInterval < TimeSpan.FromSeconds(1) || rollover.CheckInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{Key}:CheckInterval {rollover.CheckInterval} must be between 1 second and 1 day.");
        }

        if (rollover.SafetyMargin < TimeSpan.FromDays(1) || rollover.SafetyMargin > TimeSpan.FromDays(30))
        {
            errors.Add($"{Key}:SafetyMargin {rollover.SafetyMargin} must be between 1 and 30 days.");
        }

        if (rollover.GenerationThreshold <= rollover.SafetyMargin || rollover.GenerationThreshold > TimeSpan.FromDays(180))
        {
            errors.Add($"{Key}:GenerationThreshold {rollover.GenerationThreshold} must be longer than SafetyMargin ({rollover.SafetyMargin}) and at most 180 days, " +
                "so Entra has time to learn the next certificate before it signs (35 days matches Entra's polling window).");
        }

        if (rollover.ValidityDays < 30 || rollover.ValidityDays > 3650 || TimeSpan.FromDays(rollover.ValidityDays) <= rollover.GenerationThreshold * 2)
        {
            errors.Add($"{Key}:ValidityDays {rollover.ValidityDays} must be between 30 and 3650 and more than twice GenerationThreshold " +
                $"({rollover.GenerationThreshold.TotalDays} days), or each new certificate would soon start the next rollover.");
        }

        if (rollover.KeySize is not (2048 or 3072 or 4096))
        {
            errors.Add($"{Key}:KeySize {rollover.KeySize} must be 2048, 3072 or 4096 (Entra needs RSA of at least 2048 bits).");
        }
    }

    private static void ValidateLifetimes(IdpOptions options, List<string> errors)
    {
        if (options.Tokens.Lifetime <= TimeSpan.Zero || options.Tokens.Lifetime > TimeSpan.FromHours(24))
        {
            errors.Add($"Idp:Tokens:Lifetime {options.Tokens.Lifetime} must be between 0 and 24 hours.");
        }

        if (options.Tokens.NotBeforeSkew < TimeSpan.Zero || options.Tokens.NotBeforeSkew > TimeSpan.FromMinutes(15))
        {
            errors.Add($"Idp:Tokens:NotBeforeSkew {options.Tokens.NotBeforeSkew} must be between 0 and 15 minutes.");
        }

        if (options.Session.SlidingExpiration <= TimeSpan.Zero)
        {
            errors.Add("Idp:Session:SlidingExpiration must be positive.");
        }

        if (options.Session.UserCacheDuration < TimeSpan.Zero || options.Session.UserCacheDuration > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Idp:Session:UserCacheDuration {options.Session.UserCacheDuration} must be between 0 and 5 minutes.");
        }

        if (options.Session.AbsoluteExpiration < options.Session.SlidingExpiration)
        {
            errors.Add("Idp:Session:AbsoluteExpiration must not be shorter than SlidingExpiration.");
        }

        if (options.Mfa.Lifetime <= TimeSpan.Zero || options.Mfa.Lifetime > TimeSpan.FromDays(30))
        {
            errors.Add($"Idp:Mfa:Lifetime {options.Mfa.Lifetime} must be between 0 and 30 days.");
        }

        if (options.Mfa.EnrollmentWindow < TimeSpan.FromMinutes(1) || options.Mfa.EnrollmentWindow > TimeSpan.FromHours(1))
        {
            errors.Add($"Idp:Mfa:EnrollmentWindow {options.Mfa.EnrollmentWindow} must be between 1 and 60 minutes.");
        }

        if (options.Mfa.Issuer is { } issuer && (issuer.Trim().Length == 0 || issuer.Contains(':', StringComparison.Ordinal) || issuer.Length > 64))
        {
            errors.Add("Idp:Mfa:Issuer must be 1 to 64 characters without ':' (authenticator apps split the account label at the colon).");
        }

        if (!CookieName().IsMatch(options.Mfa.RememberDeviceCookieName ?? "") || options.Mfa.RememberDeviceCookieName == options.Session.CookieName)
        {
            errors.Add($"Idp:Mfa:RememberDeviceCookieName '{options.Mfa.RememberDeviceCookieName}' must be a cookie name (letters, digits, '.', '_', '-') different from the session cookie.");
        }
    }

    private static void ValidateBranding(BrandingOptions branding, List<string> errors)
    {
        foreach (var (key, value) in new[] { ("PrimaryColor", branding.PrimaryColor), ("BackgroundColor", branding.BackgroundColor) })
        {
            if (!HexColor().IsMatch(value ?? ""))
            {
                errors.Add($"Idp:Branding:{key} '{value}' must be a hex colour such as #0067b8.");
            }
        }

        // Browsers read "/\host" like "//host", so a backslash never counts as site-relative.
        if (branding.LogoUrl is { Length: > 0 } logo && !(logo.StartsWith('/') && !logo.StartsWith("//", StringComparison.Ordinal) && !logo.Contains('\\', StringComparison.Ordinal))
            && !(Uri.TryCreate(logo, UriKind.Absolute, out var logoUri) && logoUri.Scheme == Uri.UriSchemeHttps))
        {
            errors.Add($"Idp:Branding:LogoUrl '{logo}' must be a site-relative path or an https URL.");
        }
    }

    /// <summary>On Unix "/path" parses as an absolute file URI; an issuer or realm must name a scheme.</summary>
    private static bool IsAbsoluteUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && !uri.IsFile && !value.StartsWith('/');

    [GeneratedRegex(@"^(?=.{1,253}\z)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}\z")]
    private static partial Regex DomainName();

    [GeneratedRegex(@"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\z")]
    private static partial Regex HexColor();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex CookieName();
}
