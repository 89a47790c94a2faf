# Federates Microsoft 365 domains with the IdpFederation identity provider through Microsoft Graph PowerShell,
# or reverts them to Managed (cloud) sign-in: it asks which when it starts.
# Written by idpfed federation script on 2026-12-03 20:00 UTC for: contoso.com.
# It holds no secret: only the public part of our token-signing certificates.
#
# Before you run it (entra-federation.md §5.3, §5.4):
# - Install the module: Install-Module Microsoft.Graph.Identity.DirectoryManagement -Scope CurrentUser
# - Sign in as a Domain Name Administrator, Hybrid Identity Administrator or Security Administrator: the roles
#   Graph documents for changing a domain's federation.
# - Sign in with an admin account on a domain that is not federated, such as the tenant's onmicrosoft.com domain:
#   an account on a federated domain signs in through the IdP, and is locked out if that sign-in fails.
# - The tenant's default domain cannot be federated: make the onmicrosoft.com domain the default first
#   (Microsoft 365 admin center, Settings, Domains). The onmicrosoft.com domain itself is never federated.
# - Federating a domain can interrupt its users' sign-in for up to 2 hours while Entra converts it.
# - Reverting needs a cloud password for every user of the domain (set them first), and takes up to 2 hours.
#Requires -Modules Microsoft.Graph.Identity.DirectoryManagement
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Least privilege: Domain-InternalFederation.ReadWrite.All writes a domain's federation settings and its
# authentication type (the revert); Domain.Read.All reads the domains to check them first. Domain.ReadWrite.All
# would also do, but it can add and delete domains. Should Graph still answer 403, a known Graph issue, connect
# again adding 'Directory.AccessAsUser.All' to -Scopes.
$scopes = 'Domain-InternalFederation.ReadWrite.All', 'Domain.Read.All'
Connect-MgGraph -Scopes $scopes -NoWelcome

# Disconnect whatever happens, so the Graph token does not outlive the script.
try {
    # Federate or Revert: the command that wrote this script was run for Federate, so pressing Enter chooses it.
    $action = $null
    while (-not $action) {
        $answer = Read-Host 'Federate or Revert? [Federate]'
        if ([string]::IsNullOrWhiteSpace($answer)) { $answer = 'Federate' }
        switch ($answer.Trim()) {
            'Federate' { $action = 'Federate' }
            'Revert' { $action = 'Revert' }
            default { Write-Warning 'Type Federate or Revert.' }
        }
    }

    if ($action -eq 'Federate') {
        # Entra refuses to federate a domain that is unverified, the tenant's default or its initial
        # onmicrosoft.com domain (entra-federation.md §5.4). Every domain is checked before any is changed,
        # so a refusal changes nothing.
        $domain = Get-MgDomain -DomainId 'contoso.com'
        if (-not $domain.IsVerified) {
            throw 'contoso.com is not verified: verify it first (Microsoft 365 admin center, Settings, Domains).'
        }
        if ($domain.IsDefault) {
            throw 'contoso.com is the tenant''s default domain: make the onmicrosoft.com domain the default first.'
        }
        if ($domain.IsInitial) {
            throw 'contoso.com is the tenant''s initial onmicrosoft.com domain, which cannot be federated.'
        }

        # CN="IdpFederation test signing (fixture, no key)"
        # SHA-1 thumbprint 4742C54696BF2A3AC39A10AD60B6C1E58D0492D5, valid until 2027-12-04 03:52 UTC
        $signingCertificate = -join @(
            'MIIDTzCCAjegAwIBAgIUQeDDfJNu0UOGuRLmdaE12QA+DyAwDQYJKoZIhvcNAQELBQAwNzE1MDMGA1UEAwwsSWRwRmVkZXJh'
            'dGlvbiB0ZXN0IHNpZ25pbmcgKGZpeHR1cmUsIG5vIGtleSkwHhcNMjYxMjA0MDM1MjEwWhcNMjcxMjA0MDM1MjEwWjA3MTUw'
            'MwYDVQQDDCxJZHBGZWRlcmF0aW9uIHRlc3Qgc2lnbmluZyAoZml4dHVyZSwgbm8ga2V5KTCCASIwDQYJKoZIhvcNAQEBBQAD'
            'ggEPADCCAQoCggEBAMAp9wV0o1ULSqXN0aWnwOqUL8cPQcf0R+Ge2yPernW2wy59haicM1rxS7BYbnWq7UFMPV9lSbkrztV0'
            'EsN0kRc4+vDXfmmiC1gomHFcjvjBKOih0an1OLcCGchzFPduzUpU6mU18ww1BNgFQmVw/jHJaSDdt7sNDZptCqHL5+tuZ6tk'
            'cInZv1fsk3cu52mDSOmzOOWcKm2A8tfW5y1Y/c5iommNSROtvD9NoR4cCyEaRPpt4NkhJ5ZDXuJHjdGYzQlhOLAI0Qf6YKJP'
            'xjrqKjES7VwQvd1oXIwETyflC+ZYUH+F4f4aYuIJ1dy9WTiXNK5j5pIy1GJYb7/6w5cUkMsCAwEAAaNTMFEwHQYDVR0OBBYE'
            'FPNfVCBbUCk4pkAKX1OOZ6+0XOB2MB8GA1UdIwQYMBaAFPNfVCBbUCk4pkAKX1OOZ6+0XOB2MA8GA1UdEwEB/wQFMAMBAf8w'
            'DQYJKoZIhvcNAQELBQADggEBAGovW2LXMMy6KSALykr70anuTzBJDfnPLBNZyqGUMwTPb5Cgqxtj2rrJlGrXL6HCVZNCKtNv'
            'Mfgv7Nzd+oq4uKD6BWio3S71mIYIf5B6gcxAJC0Wt5QOWaFx5lqa601AXbT8k2WRfBbw4Js7gWlTSHgz9M5qDayRAn3fEOMa'
            'HkZ+XWJgQ/bLOJm7/6xJ1brZatSOaqJ+AN2sCU9h0v3EC78NmWlO1+9N5pHlolTsW7TWQI4t/COdJNaWeXEzg7LZWqX0iKYI'
            'imYaqf9gQ8s5WnWVnunncBaVVxbnUrU9RwpDASA35F7xes73JILKUqgCNh9jo4oF9zFcmt5Rqv/85F4='
        )
        # CN="IdpFederation test next (fixture, no key)"
        # SHA-1 thumbprint BA39AD3D4EEC6B44C907A00B8A2A2553A83000A0, valid until 2028-12-03 03:52 UTC
        $nextSigningCertificate = -join @(
            'MIIDSTCCAjGgAwIBAgIUCCZRyYxZkGtPXa4gQdzscQZVeskwDQYJKoZIhvcNAQELBQAwNDEyMDAGA1UEAwwpSWRwRmVkZXJh'
            'dGlvbiB0ZXN0IG5leHQgKGZpeHR1cmUsIG5vIGtleSkwHhcNMjYxMjA0MDM1MjEwWhcNMjgxMjAzMDM1MjEwWjA0MTIwMAYD'
            'VQQDDClJZHBGZWRlcmF0aW9uIHRlc3QgbmV4dCAoZml4dHVyZSwgbm8ga2V5KTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCC'
            'AQoCggEBAMih5tzywOV/xRq6xMt1gGQk62w+uvfoCrh70HL8En+MyQPFb4IRuGCBjyQ9JWEsgjKWbhDQocU7IpnqZpNwYl2c'
            '/vy5QW2pPDCfLZBBuoWbyjSqqvR6uDDWk7gn2Mf8TBngPyKeL2niOOgQjNg4zH/hrYHXcG4OkLHbzPBTVokD8eCkrRgz2CeL'
            'dPQ2qP/R1Dbbg/NPKD5NkufM9HKXgBveHSNhBGbsqsNG+Z2jiw0VdqejdhZ0HwZAYL5+0R+//W1+CgT2wCxCgt0EATjVGRj9'
            '04epy8bsJhEraBijmlq5L45ZQnjO90pci2DU2xAys/L725yCpLLvQ2OhyDKgRmECAwEAAaNTMFEwHQYDVR0OBBYEFH/7fmtO'
            '+5rvfvS/y/TZIcdJVDMnMB8GA1UdIwQYMBaAFH/7fmtO+5rvfvS/y/TZIcdJVDMnMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZI'
            'hvcNAQELBQADggEBAKhF3X/l7vM9djkbiUvynQLVU+MtVNGztvPZtXAfmRoR/qUrcUapFE17Na3r4YH84j0oQtx4qolRbWu5'
            'GVHU6imGI/8SIWJfkaBf+R9pruzg4kEcbJXoJQxR2FPmgeBTquHaL2Z8lhJh34wA7GHdjbxEEIRDG7Ztr3TGnb4tPjItEXGP'
            'FJKKM492te6tWaxhIbX9qLCLO0M3yBw+1Tl7NMVjexTT6pot3nM1g9K9FdkqahCbiOrFMaLR+epPeIfGGhfkSwhOgkWkN9u5'
            'wrplNP1upC4kGFEPqMDgYGRIDWYt6clReU1dU8ts1y8rjXHmyzb75fjKKfP/VQHwlEG6sec='
        )

        # contoso.com: its internalDomainFederation (entra-federation.md §5.2), one per domain, created or updated:
        #   -IssuerUri                        our tokens' issuer: Entra finds the domain by it, so it is unique (§1.8)
        #   -PassiveSignInUri                 where Entra sends browsers to sign in
        #   -SignOutUri                       where Entra sends browsers to sign out
        #   -SigningCertificate               the certificate our tokens are signed with (public part, base64 DER)
        #   -NextSigningCertificate           the certificate we sign with after the next rollover, trusted ahead (§7)
        #   -PreferredAuthenticationProtocol  wsFed (WS-Federation) or saml (SAML 2.0): how Entra sends users to us
        #   -FederatedIdpMfaBehavior          what Entra does with MFA done by the IdP (§1.5)
        #   -PromptLoginBehavior              how Entra passes an app's prompt=login on to the IdP
        #   -DisplayName                      the name Entra shows for the IdP
        #   No -ActiveSignInUri or -MetadataExchangeUri: the IdP serves no WS-Trust yet, so rich clients
        #   sign in through the browser instead.
        $existing = Get-MgDomainFederationConfiguration -DomainId 'contoso.com' | Select-Object -First 1
        if ($existing) {
            Update-MgDomainFederationConfiguration -DomainId 'contoso.com' -InternalDomainFederationId $existing.Id `
                -IssuerUri 'URN:contoso.com' `
                -PassiveSignInUri 'https://sts.contoso.com/adfs/ls/' `
                -SignOutUri 'https://sts.contoso.com/adfs/ls/' `
                -SigningCertificate $signingCertificate `
                -NextSigningCertificate $nextSigningCertificate `
                -PreferredAuthenticationProtocol 'wsFed' `
                -FederatedIdpMfaBehavior 'acceptIfMfaDoneByFederatedIdp' `
                -PromptLoginBehavior 'translateToFreshPasswordAuthentication' `
                -DisplayName 'Contoso' | Out-Null
            Write-Host 'contoso.com: federation settings updated.'
        }
        else {
            New-MgDomainFederationConfiguration -DomainId 'contoso.com' `
                -IssuerUri 'URN:contoso.com' `
                -PassiveSignInUri 'https://sts.contoso.com/adfs/ls/' `
                -SignOutUri 'https://sts.contoso.com/adfs/ls/' `
                -SigningCertificate $signingCertificate `
                -NextSigningCertificate $nextSigningCertificate `
                -PreferredAuthenticationProtocol 'wsFed' `
                -FederatedIdpMfaBehavior 'acceptIfMfaDoneByFederatedIdp' `
                -PromptLoginBehavior 'translateToFreshPasswordAuthentication' `
                -DisplayName 'Contoso' | Out-Null
            Write-Host 'contoso.com: federation settings created.'
        }
        # Read back what Entra now holds.
        $domain = Get-MgDomain -DomainId 'contoso.com'
        Write-Host ('contoso.com: authentication type is now ' + $domain.AuthenticationType)
    }
    else {
        # Managed authentication removes the domain's federation settings: Entra checks passwords itself again
        # (entra-federation.md §5.1, §5.4). Users sign in with cloud passwords, which they must have first.
        Write-Warning 'Reverting to Managed (cloud sign-in): contoso.com'
        Write-Warning 'Their users then sign in with cloud passwords, which they need first (set or reset them).'
        Write-Warning 'The change takes up to 2 hours to reach every sign-in.'
        $confirmation = Read-Host 'Type Revert again to go on'
        if ($confirmation -notmatch '^\s*Revert\s*$') {
            Write-Host 'Nothing changed.'
            return
        }

        $domain = Get-MgDomain -DomainId 'contoso.com'
        if ($domain.AuthenticationType -eq 'Managed') {
            Write-Host 'contoso.com: already Managed, nothing to revert.'
        }
        else {
            Update-MgDomain -DomainId 'contoso.com' -AuthenticationType Managed
            $domain = Get-MgDomain -DomainId 'contoso.com'
            Write-Host ('contoso.com: authentication type is now ' + $domain.AuthenticationType)
        }
    }
}
finally {
    Disconnect-MgGraph | Out-Null
}
