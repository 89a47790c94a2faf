using IdpFederation.Core.Lockout;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;
using IdpFederation.Core.State;
using IdpFederation.Core.Authentication;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Domains;
using IdpFederation.Core.Passwords;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.Protocols;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.Tokens;
using IdpFederation.Core.WsFederation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>
/// Builds the real Core services over collaborators that default to fakes (after Duende's Validation/Setup/Factory):
/// a manual clock, an in-memory directory, an in-memory audit log, an instant counting hasher, and options that pass
/// <see cref="IdpOptionsValidator"/>. Replace any collaborator before calling a Create method.
/// </summary>
public sealed class CoreTestFactory
{
    private InMemoryCounterStore? _counters;
    private InMemoryReplayCache? _replay;
    private MfaEnrollmentStampCache? _stamps;

    public const string ContosoIssuer = "http://contoso.com/adfs/services/trust/";
    public const string SalesFabrikamIssuer = "http://sales.fabrikam.com/adfs/services/trust/";
    public const string PortalRealm = "https://apps.contoso.com/portal";
    public const string PortalReply = "https://apps.contoso.com/portal/signin";
    public const string PortalAlternateReply = "https://apps.contoso.com/portal/signin-alt";
    public const string DisabledRealm = "urn:contoso:retired";

    public CoreTestFactory(Action<IdpOptions>? configure = null)
    {
        var options = DefaultOptions();
        configure?.Invoke(options);
        Options = new TestOptionsMonitor<IdpOptions>(options);
        Hasher = new CountingPasswordHasher();
        PasswordHasher = Hasher;
        Directory = new FakeUserDirectory(Hasher, Time);
        // Looks the directory up when called, so a directory swapped in later is the one consulted.
        MfaEnrollments = new FakeMfaEnrollmentStore(id => Directory.Contains(id));
    }

    public TestOptionsMonitor<IdpOptions> Options { get; }

    public IdpOptions CurrentOptions => Options.CurrentValue;

    public ManualTimeProvider Time { get; } = new();

    public FakeUserDirectory Directory { get; set; }

    public FakeAuditLog AuditLog { get; set; } = new();

    /// <summary>The default hasher, kept typed so tests can read its counters.</summary>
    public CountingPasswordHasher Hasher { get; }

    /// <summary>
    /// What the services and the directory are built with (one hasher, as in the server); swap in
    /// <c>new Pbkdf2PasswordHasher(iterations)</c> for the real thing.
    /// </summary>
    public IPasswordHasher PasswordHasher
    {
        get => _passwordHasher;
        set
        {
            _passwordHasher = value;
            Directory?.UseHasher(value);
        }
    }

    private IPasswordHasher _passwordHasher = null!;

    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Two independent roots (contoso.com with an AD FS-style issuer, fabrikam.com with the default URN issuer) and a
    /// fabrikam subdomain promoted to a root of its own; one extra relying party and one disabled one.
    /// </summary>
    public static IdpOptions DefaultOptions() => new()
    {
        PublicBaseUrl = "https://sts.contoso.com",
        PrincipalNameSuffix = "contoso.com",
        Domains =
        [
            new FederatedDomainOptions { Name = "contoso.com", IssuerUri = ContosoIssuer },
            new FederatedDomainOptions { Name = "fabrikam.com" },
            new FederatedDomainOptions { Name = "sales.fabrikam.com", IssuerUri = SalesFabrikamIssuer },
        ],
        RelyingParties =
        [
            new RelyingPartyOptions { Realm = PortalRealm, DisplayName = "Contoso Portal", ReplyUrls = [PortalReply, PortalAlternateReply] },
            new RelyingPartyOptions { Realm = DisabledRealm, DisplayName = "Retired", ReplyUrls = ["https://retired.contoso.com/"], Enabled = false },
        ],
        PasswordHashing = new PasswordHashingOptions { Iterations = 100_000 },
    };

    public FederatedDomainCatalog CreateDomainCatalog() => new(Options);

    public RelyingPartyCatalog CreateRelyingPartyCatalog() => new(Options);

    public WsFederationRequestValidator CreateWsFederationRequestValidator(RelyingPartyCatalog? relyingParties = null) =>
        new(relyingParties ?? CreateRelyingPartyCatalog(), Options, Time);

    public ActiveUserCache CreateActiveUserCache() => new(Directory, Options, Time);

    public InMemorySessionStore CreateSessionStore() => new(Options, Time);

    public InMemoryPendingSignInStore CreatePendingSignInStore() => new(Options, Time);

    public InMemoryCounterStore Counters => _counters ??= new InMemoryCounterStore(Time);

    public IPolicyProvider Policies { get; set; } = new StaticPolicyProvider(CompiledPolicy.Empty);

    /// <summary>The replay cache the MFA services share (TOTP steps already used).</summary>
    public InMemoryReplayCache ReplayCache => _replay ??= new InMemoryReplayCache(Time);

    /// <summary>Enrolments; SaveAsync refuses users that are not in <see cref="Directory"/>, as the database does.</summary>
    public FakeMfaEnrollmentStore MfaEnrollments { get; set; }

    /// <summary>One key ring for every protector the factory builds, so what one service protects another can read.</summary>
    public IDataProtectionProvider DataProtection { get; set; } = new EphemeralDataProtectionProvider();

    public ICountryLookup Countries { get; set; } = new NoCountryLookup();

    public PasswordAuthenticator CreatePasswordAuthenticator() =>
        new(Directory, PasswordHasher, CreateDomainCatalog(), Options, new SmartLockout(Counters, Policies), new PasswordHashingGate(),
            LoggerFactory.CreateLogger<PasswordAuthenticator>());

    public ClaimsFactory CreateClaimsFactory() => new(CreateDomainCatalog(), Options, Time);

    public Saml11AssertionFactory CreateSaml11AssertionFactory() => new(Options, Time);

    public SignInAuditor CreateSignInAuditor() => new(AuditLog, Time);

    public AccountActiveStep CreateAccountActiveStep(ActiveUserCache? users = null) => new(users ?? CreateActiveUserCache(), CreateDomainCatalog());

    public MfaSecretProtector CreateMfaSecretProtector() => new(DataProtection);

    public MfaAuthenticator CreateMfaAuthenticator() =>
        new(MfaEnrollments, CreateMfaSecretProtector(), ReplayCache, Counters, Policies, Options, Time, HashingGate);

    /// <summary>Shared by every service built here, as the singleton is in production.</summary>
    public PasswordHashingGate HashingGate { get; } = new();

    public RememberedDeviceTokens CreateRememberedDeviceTokens() => new(DataProtection, Time);

    public PolicyStep CreatePolicyStep() => new(Policies, Countries, Time, LoggerFactory.CreateLogger<PolicyStep>());

    /// <summary>
    /// The enrolment stamps MfaStep compares session MFA with, shared by every step built here as the singleton is in
    /// production (so it caches for Idp:Session:UserCacheDuration across evaluations: a test that changes an enrolment
    /// behind it must advance the clock or <see cref="MfaEnrollmentStampCache.Invalidate"/>, as production does).
    /// </summary>
    public MfaEnrollmentStampCache MfaEnrollmentStamps => _stamps ??= CreateMfaEnrollmentStampCache();

    /// <summary>A cache of its own, over <see cref="MfaEnrollments"/> as it is when called.</summary>
    public MfaEnrollmentStampCache CreateMfaEnrollmentStampCache() => new(MfaEnrollments, Options, Time);

    public MfaStep CreateMfaStep() =>
        new(MfaEnrollments, CreateMfaAuthenticator(), CreateRememberedDeviceTokens(), Options, Time, MfaEnrollmentStamps);

    /// <summary>The production steps in the production order (CoreServiceCollectionExtensions): MFA is decided last.</summary>
    public IReadOnlyList<ISignInStep> CreateSignInSteps() =>
        [new SessionAuthenticationStep(), CreateAccountActiveStep(), CreatePolicyStep(), CreateMfaStep()];

    public SignInPipeline CreateSignInPipeline(IEnumerable<ISignInStep>? steps = null, ILogger<SignInPipeline>? logger = null) =>
        new(steps ?? CreateSignInSteps(), logger ?? LoggerFactory.CreateLogger<SignInPipeline>());

    /// <summary>A validated request for Microsoft 365 as the validator would build it, received now.</summary>
    public ValidatedSignInRequest SignInRequest(bool forceFresh = false, bool mfa = false, DateTimeOffset? receivedAt = null) => new()
    {
        Protocol = SignInProtocol.WsFederation,
        RelyingParty = RelyingParty.MicrosoftOnline,
        ReplyUrl = RelyingParty.MicrosoftOnlineReplyUrl,
        Context = "LoginOptions=3&estsredirect=2&estsrequest=abc",
        ForceFreshAuthentication = forceFresh,
        MfaRequested = mfa,
        ReceivedAt = receivedAt ?? Time.GetUtcNow(),
    };

    /// <summary>
    /// A fresh session as the login page creates it: authenticated, created and last seen now. With
    /// <paramref name="forSignIn"/> (a pending sign-in's ID) it records that flow's login page as where the password was
    /// typed (<see cref="SsoSession.AuthenticatedForSignIn"/>), which is what enrolment requires.
    /// </summary>
    public SsoSession Session(string userPrincipalName, DateTimeOffset? authenticatedAt = null, string? id = null, string? forSignIn = null)
    {
        var now = Time.GetUtcNow();
        return new SsoSession
        {
            Id = id ?? SessionIds.NewId(),
            UserPrincipalName = userPrincipalName,
            CreatedAt = now,
            AuthenticatedAt = authenticatedAt ?? now,
            AuthenticationMethod = AuthenticationMethods.PasswordProtectedTransport,
            LastSeenAt = now,
            ExpiresAt = now + CurrentOptions.Session.AbsoluteExpiration,
            AuthenticatedForSignIn = forSignIn is null ? null : SessionIds.StorageKey(forSignIn),
        };
    }
}
