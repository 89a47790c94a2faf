using System.Text.Json.Nodes;
using IdpFederation.Core.Federation;
using IdpFederation.Tests.CoreLayer;
using IdpFederation.Tests.Provisioning.GraphServer;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Federation;

/// <summary>
/// federation check, apply, revert, status and dirsync-off as an admin runs them: the CLI against the Graph test server
/// through the real SDK. Where the endpoint checks matter, our public URL is a real server on 127.0.0.1 (plain http, so
/// check also reports the https blocker); where apply must get through, the public URL is https://sts.contoso.com,
/// which Entra accepts but nothing here answers, so apply is refused on the endpoint checks unless forced.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class FederationCommandTests(IdpServerFixture idp) : IClassFixture<IdpServerFixture>
{
    private const string Sts = "https://sts.contoso.com";

    [Fact]
    public async Task Apply_creates_the_federation_then_finds_nothing_to_change_and_audits_who_ran_it()
    {
        await using var bed = await FederationTestbed.StartAsync(Sts);
        var refused = await bed.RunAsync("federation", "apply", "--domain", "fabrikam.com");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("fabrikam.com: refused: metadata endpoint: https://sts.contoso.com/FederationMetadata/2007-06/FederationMetadata.xml does not answer", refused.Stdout, StringComparison.Ordinal);
        Assert.Null(bed.Graph.FederationOf("fabrikam.com"));

        var applied = await bed.RunAsync("federation", "apply", "--domain", "fabrikam.com", "--force");

        Assert.True(applied.ExitCode == 0, applied.Stdout + applied.Stderr);
        Assert.StartsWith("fabrikam.com: federated with issuer URN:fabrikam.com (wsFed)", applied.Stdout, StringComparison.Ordinal);
        var held = bed.Graph.FederationOf("fabrikam.com")!;
        Assert.Equal("URN:fabrikam.com", held.IssuerUri);
        Assert.Equal(Sts + "/adfs/ls/", held.PassiveSignInUri);
        Assert.Equal(Convert.ToBase64String(bed.Signing.RawData), held.SigningCertificate);
        Assert.Equal(Convert.ToBase64String(bed.Next.RawData), held.NextSigningCertificate);
        Assert.Equal("acceptIfMfaDoneByFederatedIdp", held.FederatedIdpMfaBehavior);
        Assert.Equal("Federated", bed.Graph.DomainAuthenticationType("fabrikam.com"));

        var again = await bed.RunAsync("federation", "apply", "--domain", "fabrikam.com", "--force");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("fabrikam.com: unchanged: Entra already holds our settings", again.Stdout.Trim());

        var audit = await bed.Cli.WithServicesAsync(async (_, log, _) => await log.QueryAsync(new IdpFederation.Core.Auditing.AuditQuery()));
        var created = Assert.Single(audit, a => a.EventType == "Federation");
        Assert.Equal("created", created.Reason);
        Assert.Contains("(idpfed)", created.Username, StringComparison.Ordinal);
        Assert.Contains("\"domain\":\"fabrikam.com\"", created.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_updates_a_domain_federated_with_another_IdP_and_prints_what_changed()
    {
        // contoso.com starts federated with an AD FS (the test server's seed): a warning in check, not a blocker.
        await using var bed = await FederationTestbed.StartAsync(Sts, server => server.Domains = [new("contoso.com", Federated: true), new("fabrikam.com")]);
        var before = bed.Graph.FederationOf("contoso.com")!;

        var applied = await bed.RunAsync("federation", "apply", "--domain", "contoso.com", "--force");

        Assert.True(applied.ExitCode == 0, applied.Stdout + applied.Stderr);
        Assert.Contains($"contoso.com: updated: issuerUri {before.IssuerUri} -> URN:contoso.com", applied.Stdout, StringComparison.Ordinal);
        Assert.Contains($"signingCertificate {FederationSettingsComparison.Thumbprint(before.SigningCertificate)} -> {bed.Signing.Thumbprint}", applied.Stdout, StringComparison.Ordinal);
        var after = bed.Graph.FederationOf("contoso.com")!;
        Assert.Equal(before.Id, after.Id);
        Assert.Equal("URN:contoso.com", after.IssuerUri);
        Assert.Equal(Convert.ToBase64String(bed.Signing.RawData), after.SigningCertificate);

        var status = await bed.RunAsync("federation", "status", "--domain", "contoso.com", "--json");
        var row = status.Json["domains"]!.AsArray().Single()!;
        Assert.Equal("Federated", (string?)row["AuthenticationType"] ?? (string?)row["authenticationType"]);
        Assert.Equal("match", (string?)row["Settings"] ?? (string?)row["settings"]);
        Assert.Contains(bed.Signing.Thumbprint + " (our current)", (string?)row["Certificates"] ?? (string?)row["certificates"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_reports_each_blocker_and_apply_refuses_without_force_writing_nothing()
    {
        await using var bed = await FederationTestbed.StartAsync(idp.BaseUrl,
            server =>
            {
                server.Domains = [new("contoso.com"), new("fabrikam.com", IsVerified: false)];
                server.DefaultDomain = "contoso.com";
                server.OnPremisesSyncEnabled = true;
            },
            config =>
            {
                config["Domains"]!.AsArray().Add(new JsonObject { ["Name"] = "contoso.onmicrosoft.com" });
                config["Provisioning"]!["Tenants"]![0]!["Domains"]!.AsArray().Add("contoso.onmicrosoft.com");
            });
        await bed.AddStaffAsync("ann@contoso.com", "ann-0001");
        bed.Graph.SeedUser("bob@contoso.com", "Bob", immutableId: null);
        await bed.AddStaffAsync("bob@contoso.com", "bob-0002");

        var (exit, contoso) = await bed.CheckAsync("contoso.com");
        Assert.Equal(1, exit);
        Assert.Equal("not ready", contoso["not default"].Status);
        Assert.Contains("Make contoso.onmicrosoft.com the default first", contoso["not default"].Detail, StringComparison.Ordinal);
        Assert.Equal("not ready", contoso["directory sync"].Status);
        Assert.Contains("federation dirsync-off", contoso["directory sync"].Detail, StringComparison.Ordinal);
        Assert.Equal("not ready", contoso["users have ImmutableIDs"].Status);
        Assert.Contains("ann@contoso.com (not in Microsoft 365)", contoso["users have ImmutableIDs"].Detail, StringComparison.Ordinal);
        Assert.Contains("bob@contoso.com (no ImmutableID)", contoso["users have ImmutableIDs"].Detail, StringComparison.Ordinal);
        Assert.Equal("ready", contoso["metadata endpoint"].Status);
        Assert.Equal("ready", contoso["passive endpoint"].Status);
        Assert.Equal("not ready", contoso["https"].Status);

        Assert.Equal("not ready", (await bed.CheckAsync("fabrikam.com")).Checks["verified"].Status);
        Assert.Equal("not ready", (await bed.CheckAsync("contoso.onmicrosoft.com")).Checks["not initial"].Status);

        var refused = await bed.RunAsync("federation", "apply", "--domain", "contoso.com", "--domain", "fabrikam.com");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("contoso.com: refused: not default:", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("fabrikam.com: refused: verified:", refused.Stdout, StringComparison.Ordinal);
        Assert.Null(bed.Graph.FederationOf("contoso.com"));
        Assert.Null(bed.Graph.FederationOf("fabrikam.com"));
    }

    [Fact]
    public async Task An_issuer_another_domain_holds_blocks_check_and_Graph_refuses_it_even_when_forced()
    {
        await using var bed = await FederationTestbed.StartAsync(Sts, server => server.Domains = [new("contoso.com"), new("fabrikam.com")]);
        bed.Graph.SeedFederation("fabrikam.com", GraphTestFederation.Seeded("fabrikam.com") with { IssuerUri = "URN:contoso.com" });

        var (_, checks) = await bed.CheckAsync("contoso.com");
        Assert.Equal("not ready", checks["authentication type"].Status);
        Assert.Contains("fabrikam.com already uses issuer URN:contoso.com", checks["authentication type"].Detail, StringComparison.Ordinal);

        var forced = await bed.RunAsync("federation", "apply", "--domain", "contoso.com", "--force");
        Assert.Equal(1, forced.ExitCode);
        Assert.Contains("contoso.com: failed:", forced.Stdout, StringComparison.Ordinal);
        Assert.Contains("already used by another domain", forced.Stdout, StringComparison.Ordinal);
        Assert.Null(bed.Graph.FederationOf("contoso.com"));
    }

    [Fact]
    public async Task Revert_makes_the_domain_Managed_after_confirmation()
    {
        await using var bed = await FederationTestbed.StartAsync(Sts, server => server.Domains = [new("contoso.com"), new("fabrikam.com")]);
        Assert.Equal(0, (await bed.RunAsync("federation", "apply", "--domain", "fabrikam.com", "--force")).ExitCode);

        var declined = await bed.RunWithStdinAsync("nope\n", "federation", "revert", "--domain", "fabrikam.com");
        Assert.Equal(1, declined.ExitCode);
        Assert.Contains("users need Microsoft cloud passwords", declined.Stderr.Replace("Users will need", "users need", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("Federated", bed.Graph.DomainAuthenticationType("fabrikam.com"));

        var reverted = await bed.RunWithStdinAsync("fabrikam.com\n", "federation", "revert", "--domain", "fabrikam.com");

        Assert.True(reverted.ExitCode == 0, reverted.Stdout + reverted.Stderr);
        Assert.Equal("fabrikam.com: reverted: Managed; users now sign in with Microsoft cloud passwords", reverted.Stdout.Trim());
        Assert.Equal("Managed", bed.Graph.DomainAuthenticationType("fabrikam.com"));
        Assert.Null(bed.Graph.FederationOf("fabrikam.com"));
    }

    [Fact]
    public async Task Dirsync_off_is_requested_once_and_check_tracks_it_until_Entra_reports_it_off()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var bed = await FederationTestbed.StartAsync(idp.BaseUrl, server =>
        {
            server.Domains = [new("contoso.com"), new("fabrikam.com")];
            server.OnPremisesSyncEnabled = true;
            server.TimeProvider = clock;
            server.AccessTokenLifetime = TimeSpan.FromDays(30);
        });

        var off = await bed.RunAsync("federation", "dirsync-off", "--yes");

        Assert.True(off.ExitCode == 0, off.Stdout + off.Stderr);
        Assert.Contains("up to 72 hours", off.Stderr, StringComparison.Ordinal);
        Assert.Contains("switch-off requested", off.Stdout, StringComparison.Ordinal);
        Assert.NotNull(bed.Graph.DirSyncDisableRequestedAt);
        var during = (await bed.CheckAsync("fabrikam.com")).Checks["directory sync"];
        Assert.Equal("not ready", during.Status);
        Assert.StartsWith("Switching off since", during.Detail, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromHours(73));

        var after = (await bed.CheckAsync("fabrikam.com")).Checks["directory sync"];
        Assert.Equal("ready", after.Status);
        Assert.StartsWith("Off (switched off on request of", after.Detail, StringComparison.Ordinal);
        var again = await bed.RunAsync("federation", "dirsync-off", "--yes");
        Assert.Contains("already off", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollover_reads_and_pushes_the_certificates_Entra_holds_through_Graph_for_domains_federated_with_us_only()
    {
        // contoso.com stays federated with another IdP (at https://sts.contoso.com), which rollover must leave alone;
        // fabrikam.com is federated with us, at another address.
        await using var bed = await FederationTestbed.StartAsync("https://idp.example.net", server => server.Domains = [new("contoso.com", Federated: true), new("fabrikam.com")]);
        Assert.Equal(0, (await bed.RunAsync("federation", "apply", "--domain", "fabrikam.com", "--force")).ExitCode);
        var foreign = bed.Graph.FederationOf("contoso.com")!;
        var entra = await bed.EntraCertificatesAsync();

        var held = Assert.Single(await entra.ReadAsync(CancellationToken.None));
        Assert.Equal(new EntraDomainCertificates("fabrikam.com", bed.Signing.Thumbprint, bed.Next.Thumbprint), held);

        // After a promotion the worker pushes the new certificate as signing and the old one as next.
        var pushed = await entra.PushAsync(bed.Next, bed.Signing, CancellationToken.None);

        Assert.Equal([new CertificatePushResult("fabrikam.com", null)], pushed);
        var after = bed.Graph.FederationOf("fabrikam.com")!;
        Assert.Equal(Convert.ToBase64String(bed.Next.RawData), after.SigningCertificate);
        Assert.Equal(Convert.ToBase64String(bed.Signing.RawData), after.NextSigningCertificate);
        Assert.Equal(foreign, bed.Graph.FederationOf("contoso.com"));
        Assert.Equal(new EntraDomainCertificates("fabrikam.com", bed.Next.Thumbprint, bed.Signing.Thumbprint), Assert.Single(await entra.ReadAsync(CancellationToken.None)));

        // Clearing the next certificate sends an explicit null, which Graph stores as none.
        await entra.PushAsync(bed.Next, null, CancellationToken.None);
        Assert.Null(bed.Graph.FederationOf("fabrikam.com")!.NextSigningCertificate);
    }
}
