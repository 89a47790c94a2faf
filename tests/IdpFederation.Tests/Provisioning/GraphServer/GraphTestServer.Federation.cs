namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// What tests read and change for federation management (entra-federation.md §5, §6.6): domains and their federation
/// configurations, directory sync being turned off, and the MFA settings `federation check` reads.
/// </summary>
public sealed partial class GraphTestServer
{
    /// <summary>The stored federation configuration of a domain, or null when it has none (managed, or a subdomain).</summary>
    public GraphTestFederation? FederationOf(string domain)
    {
        lock (_directory.Gate)
        {
            var stored = FindDomain(domain, nameof(FederationOf));
            return stored.Federation is null ? null : GraphTestFederation.From(stored.FederationId!, stored.Federation);
        }
    }

    /// <summary>"Managed" or "Federated", as GET /domains/{id} reports it (a subdomain follows its root).</summary>
    public string DomainAuthenticationType(string domain)
    {
        lock (_directory.Gate)
        {
            return FindDomain(domain, nameof(DomainAuthenticationType)).AuthenticationType;
        }
    }

    /// <summary>The domain with isDefault true.</summary>
    public string DefaultDomain
    {
        get
        {
            lock (_directory.Gate)
            {
                return _directory.DefaultDomain;
            }
        }
    }

    /// <summary>
    /// Puts a federation configuration on a domain as another admin or IdP would (replacing any), checked by the same
    /// rules as POST (verified root domain, not initial or default, valid values, issuer unused by other domains);
    /// returns its ID. A domain listed as federated in the options already has GraphTestFederation.Seeded(domain).
    /// </summary>
    public string SeedFederation(string domain, GraphTestFederation federation)
    {
        ArgumentNullException.ThrowIfNull(federation);
        lock (_directory.Gate)
        {
            var stored = FindDomain(domain, nameof(SeedFederation));
            var props = federation.ToProperties();
            if ((FederationRules.CheckFederatable(_directory, stored) ?? FederationRules.CheckMerged(_directory, stored, props)) is { } error)
            {
                throw new InvalidOperationException("SeedFederation: " + error.Body!["error"]!["message"]);
            }

            var id = federation.Id ?? Guid.NewGuid().ToString();
            _directory.SetFederation(stored, id, props);
            return id;
        }
    }

    /// <summary>organization.onPremisesSyncEnabled as Graph reports it now (true while a disable is still running).</summary>
    public bool? OrganizationSyncEnabled
    {
        get
        {
            lock (_directory.Gate)
            {
                _directory.SettleDirSync();
                return _directory.OnPremisesSyncEnabled;
            }
        }
    }

    /// <summary>When PATCH /organization turned directory sync off, while that disable runs; null when none runs.</summary>
    public DateTimeOffset? DirSyncDisableRequestedAt
    {
        get
        {
            lock (_directory.Gate)
            {
                _directory.SettleDirSync();
                return _directory.DirSyncDisableRequestedAt;
            }
        }
    }

    /// <summary>When a running disable completes (requested + Options.DirSyncDisableDuration), or null.</summary>
    public DateTimeOffset? DirSyncDisableCompletesAt => DirSyncDisableRequestedAt + Options.DirSyncDisableDuration;

    /// <summary>Marks a user as synchronised by Entra Connect (onPremisesSyncEnabled true), or clears it (null: cloud user).</summary>
    public void SetUserSyncedFromOnPremises(string idOrUpn, bool synced = true)
    {
        lock (_directory.Gate)
        {
            var user = _directory.FindUser(idOrUpn) ?? throw new InvalidOperationException($"SetUserSyncedFromOnPremises: no user '{idOrUpn}'.");
            user.OnPremisesSyncEnabled = synced ? true : null;
            user.Sequence = _directory.NextSequence();
        }
    }

    /// <summary>identitySecurityDefaultsEnforcementPolicy.isEnabled from now on.</summary>
    public void SetSecurityDefaultsEnabled(bool enabled)
    {
        lock (_directory.Gate)
        {
            _directory.SecurityDefaultsEnabled = enabled;
        }
    }

    /// <summary>A user's per-user MFA state: "disabled" (the default), "enabled" or "enforced".</summary>
    public void SetPerUserMfaState(string idOrUpn, string state)
    {
        if (state is not ("disabled" or "enabled" or "enforced"))
        {
            throw new ArgumentException("SetPerUserMfaState: the state is disabled, enabled or enforced.", nameof(state));
        }

        lock (_directory.Gate)
        {
            (_directory.FindUser(idOrUpn) ?? throw new InvalidOperationException($"SetPerUserMfaState: no user '{idOrUpn}'.")).PerUserMfaState = state;
        }
    }

    /// <summary>A user's row in the registration details report (null: nothing registered).</summary>
    public void SetRegistration(string idOrUpn, GraphTestRegistration? registration)
    {
        lock (_directory.Gate)
        {
            (_directory.FindUser(idOrUpn) ?? throw new InvalidOperationException($"SetRegistration: no user '{idOrUpn}'.")).Registration = registration;
        }
    }

    private DirectoryDomain FindDomain(string domain, string caller) =>
        _directory.FindDomain(domain) ?? throw new InvalidOperationException($"{caller}: no domain '{domain}' in the tenant.");
}
