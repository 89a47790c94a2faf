using System.Globalization;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// Runs one authenticated Graph call, from HTTP or from a $batch: route, permission from the token's roles, the write
/// quota, then the handler under the directory lock. Every answer carries x-ms-resource-unit.
/// </summary>
internal sealed class GraphApi
{
    private readonly GraphDirectory _directory;
    private readonly WriteThrottle _throttle;
    private readonly UsersApi _users;
    private readonly UsersDelta _delta;
    private readonly TenantApi _tenant;
    private readonly GroupsApi _groups;
    private readonly OrganizationApi _organization;
    private readonly DomainsApi _domains;
    private readonly FederationApi _federation;
    private readonly PoliciesApi _policies;
    private readonly ReportsApi _reports;
    private readonly Func<string> _baseUrl;

    public GraphApi(GraphDirectory directory, WriteThrottle throttle, Func<string> baseUrl)
    {
        _directory = directory;
        _throttle = throttle;
        _users = new UsersApi(directory, baseUrl);
        _delta = new UsersDelta(directory, baseUrl);
        _tenant = new TenantApi(directory);
        _groups = new GroupsApi(directory, baseUrl);
        _organization = new OrganizationApi(directory);
        _domains = new DomainsApi(directory);
        _federation = new FederationApi(directory, baseUrl);
        _policies = new PoliciesApi(directory, baseUrl);
        _reports = new ReportsApi(directory, baseUrl);
        _baseUrl = baseUrl;
    }

    public GraphResult Execute(GraphCall call)
    {
        var route = call.Beta ? BetaRoute(call) : Route(call);
        if (route is null)
        {
            var segment = call.Path.Trim('/').Split('/')[0];
            return GraphResult.Error(400, "BadRequest", call.Beta
                ? $"Resource not found for the segment '{segment}'. (The test server serves only GET /beta/users/{{id}}/authentication/requirements on beta.)"
                : $"Resource not found for the segment '{segment}'.");
        }

        var (handler, roles) = route.Value;
        if (!roles.Any(call.Caller.Roles.Contains))
        {
            return GraphResult.Error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        }

        var units = ResourceUnits(call);
        var used = 0.0;
        if (call.IsWrite)
        {
            (var allowed, var retryAfter, used) = _throttle.TryTake(call.Caller.AppId);
            if (!allowed)
            {
                var throttled = GraphResult.Error(429, "TooManyRequests", "Too many requests.");
                throttled.Headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
                throttled.Headers["x-ms-throttle-scope"] = $"Tenant_Application/Write/{call.Caller.AppId}/{_directory.Options.TenantId}";
                throttled.Headers["x-ms-throttle-information"] = "WriteLimitExceeded";
                throttled.Headers["x-ms-resource-unit"] = units.ToString(CultureInfo.InvariantCulture);
                return throttled;
            }
        }

        GraphResult result;
        try
        {
            lock (_directory.Gate)
            {
                _directory.SettleDirSync();
                result = handler();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            // A JSON value of the wrong kind deep in a body (a number where Graph wants a GUID string).
            result = GraphResult.Error(400, "BadRequest", "Invalid request body: " + e.Message);
        }

        result.Headers["x-ms-resource-unit"] = units.ToString(CultureInfo.InvariantCulture);
        if (used >= 0.8)
        {
            // Sent once a quota is 80% used, so that clients can slow down before they are throttled.
            result.Headers["x-ms-throttle-limit-percentage"] = used.ToString("0.0#", CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>Resource units of a request (identity and access costs): writes 1; GET users 2, $select −1, $top under 20 −1.</summary>
    private static int ResourceUnits(GraphCall call)
    {
        if (call.IsWrite || !call.Path.StartsWith("/users", StringComparison.Ordinal))
        {
            return 1;
        }

        var cost = 2 - (call.Query.ContainsKey("$select") ? 1 : 0) - (call.Query.TryGetValue("$top", out var top) && int.TryParse(top, CultureInfo.InvariantCulture, out var n) && n < 20 ? 1 : 0);
        return Math.Max(1, cost);
    }

    private (Func<GraphResult> Handler, string[] Roles)? Route(GraphCall call)
    {
        var s = call.Path.Trim('/').Split('/');
        return (call.Method, s.Length, s[0]) switch
        {
            ("GET", 1, "users") => (() => _users.List(call), Permissions.UsersRead),
            ("POST", 1, "users") => (() => _users.Create(call), Permissions.UsersWrite),
            // The SDK calls the function with OData's call syntax, "delta()"; Graph accepts both spellings.
            ("GET", 2, "users") when s[1] is "delta" or "delta()" => (() => _delta.Get(call), Permissions.UsersRead),
            ("GET", 2, "users") => (() => _users.Get(call, s[1]), Permissions.UsersRead),
            ("PATCH", 2, "users") => (() => _users.Update(call, s[1]), Permissions.UsersWrite),
            ("DELETE", 2, "users") => (() => _users.Delete(s[1]), Permissions.UsersWrite),
            ("POST", 3, "users") when s[2] == "assignLicense" => (() => _tenant.AssignLicense(call, s[1]), Permissions.LicenseWrite),
            ("GET", 1, "organization") => (_organization.List, Permissions.OrganizationRead),
            ("GET", 2, "organization") => (() => _organization.Get(s[1]), Permissions.OrganizationRead),
            ("PATCH", 2, "organization") => (() => _organization.Update(call, s[1]), Permissions.DirSyncWrite),
            ("GET", 1, "domains") => (_domains.List, Permissions.DomainRead),
            ("GET", 2, "domains") => (() => _domains.Get(s[1]), Permissions.DomainRead),
            ("PATCH", 2, "domains") => (() => _domains.Update(call, s[1]), Permissions.FederationWrite),
            ("GET", 3, "domains") when s[2] == "federationConfiguration" => (() => _federation.List(s[1]), Permissions.FederationRead),
            ("POST", 3, "domains") when s[2] == "federationConfiguration" => (() => _federation.Create(call, s[1]), Permissions.FederationWrite),
            ("GET", 4, "domains") when s[2] == "federationConfiguration" => (() => _federation.Get(s[1], s[3]), Permissions.FederationRead),
            ("PATCH", 4, "domains") when s[2] == "federationConfiguration" => (() => _federation.Update(call, s[1], s[3]), Permissions.FederationWrite),
            ("DELETE", 4, "domains") when s[2] == "federationConfiguration" => (() => _federation.Delete(s[1], s[3]), Permissions.FederationWrite),
            ("GET", 2, "policies") when s[1] == "identitySecurityDefaultsEnforcementPolicy" => (_policies.SecurityDefaults, Permissions.SecurityDefaultsRead),
            ("GET", 3, "reports") when s[1..] is ["authenticationMethods", "userRegistrationDetails"] => (() => _reports.List(call), Permissions.RegistrationReportRead),
            ("GET", 4, "reports") when s[1..3] is ["authenticationMethods", "userRegistrationDetails"] => (() => _reports.Get(s[3]), Permissions.RegistrationReportRead),
            ("GET", 1, "subscribedSkus") => (_tenant.SubscribedSkus, Permissions.SkusRead),
            ("GET", 1, "groups") => (() => _groups.List(call), Permissions.GroupsRead),
            ("POST", 1, "groups") => (() => _groups.Create(call), Permissions.GroupsWrite),
            ("GET", 2, "groups") => (() => _groups.Get(s[1]), Permissions.GroupsRead),
            ("DELETE", 2, "groups") => (() => _groups.Delete(s[1]), Permissions.GroupsWrite),
            ("GET", 3, "groups") when s[2] == "members" => (() => _groups.Members(call, s[1]), Permissions.MembersRead),
            ("POST", 4, "groups") when s[2] == "members" && s[3] == "$ref" => (() => _groups.AddMember(call, s[1]), Permissions.MembersWrite),
            ("DELETE", 5, "groups") when s[2] == "members" && s[4] == "$ref" => (() => _groups.RemoveMember(s[1], s[3]), Permissions.MembersWrite),
            _ => null,
        };
    }

    /// <summary>The one beta call served: a user's per-user MFA state (Graph beta "Get authentication requirements").</summary>
    private (Func<GraphResult> Handler, string[] Roles)? BetaRoute(GraphCall call)
    {
        var s = call.Path.Trim('/').Split('/');
        var betaBaseUrl = _baseUrl()[..^"/v1.0".Length] + "/beta";
        return call.Method == "GET" && s is ["users", var key, "authentication", "requirements"]
            ? (() => _policies.AuthenticationRequirements(betaBaseUrl, key), Permissions.PerUserMfaRead)
            : null;
    }
}

/// <summary>The application permissions that allow each operation (each API page's "Permissions" table, least first).</summary>
internal static class Permissions
{
    public static readonly string[] UsersRead = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
    public static readonly string[] UsersWrite = ["User.ReadWrite.All", "Directory.ReadWrite.All"];
    public static readonly string[] LicenseWrite = ["LicenseAssignment.ReadWrite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"];
    public static readonly string[] OrganizationRead = ["Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
    public static readonly string[] DomainRead = ["Domain.Read.All", "Domain.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
    public static readonly string[] SkusRead = ["LicenseAssignment.Read.All", "Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
    public static readonly string[] GroupsRead = ["Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
    public static readonly string[] GroupsWrite = ["Group.ReadWrite.All", "Directory.ReadWrite.All"];
    public static readonly string[] MembersRead = ["GroupMember.Read.All", "GroupMember.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
    public static readonly string[] MembersWrite = ["GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"];

    /// <summary>internalDomainFederation reads (v1.0 "List/Get internalDomainFederation"; the InternalFederation ones from beta).</summary>
    public static readonly string[] FederationRead = ["Domain.Read.All", "Domain.ReadWrite.All", "Domain-InternalFederation.Read.All", "Domain-InternalFederation.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

    /// <summary>Federation writes and PATCH /domains/{id} (authenticationType): entra-federation.md §5.1, §5.3.</summary>
    public static readonly string[] FederationWrite = ["Domain-InternalFederation.ReadWrite.All", "Domain.ReadWrite.All"];

    /// <summary>PATCH /organization/{id} onPremisesSyncEnabled (Graph "Update organization"; §6.6).</summary>
    public static readonly string[] DirSyncWrite = ["Organization.ReadWrite.All", "OnPremDirectorySynchronization.ReadWrite.All"];

    public static readonly string[] SecurityDefaultsRead = ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess", "Policy.ReadWrite.SecurityDefaults"];

    public static readonly string[] PerUserMfaRead = ["Policy.Read.All", "UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"];

    public static readonly string[] RegistrationReportRead = ["AuditLog.Read.All", "UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"];
}
