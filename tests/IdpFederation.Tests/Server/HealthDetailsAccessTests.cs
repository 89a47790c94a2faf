using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Server.Health;
using Microsoft.AspNetCore.Http;

namespace IdpFederation.Tests.Server;

/// <summary>
/// Who sees health details: a request that arrived on the management port (the socket's, whatever the Host header
/// says), or one carrying the right bearer key; everyone else the status only, and a wrong key 401.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class HealthDetailsAccessTests : IDisposable
{
    private const string Key = "0123456789abcdefghijklmnopqrstuvwxyzABCD";
    private const int PublicPort = 8080;
    private const int ManagementPort = 9000;

    private readonly string _config = Path.Combine(Path.GetTempPath(), "idpfed-health-" + Guid.NewGuid().ToString("N")[..12]);

    public HealthDetailsAccessTests() => System.IO.Directory.CreateDirectory(_config);

    public void Dispose() => System.IO.Directory.Delete(_config, recursive: true);

    private IdpPaths Paths => IdpPaths.Resolve(_config, "data");

    private static DefaultHttpContext Request(int localPort, string? authorization = null, string? host = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.LocalPort = localPort;
        context.Request.Host = new HostString(host ?? $"idp.contoso.com:{localPort}");
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }

    [Fact]
    public void Nothing_configured_means_the_status_only_for_everyone()
    {
        var access = HealthDetailsAccess.Load(new HealthOptions(), Paths);

        Assert.Equal(HealthView.StatusOnly, access.ViewFor(Request(PublicPort)));
        Assert.Equal(HealthView.StatusOnly, access.ViewFor(Request(PublicPort, "Bearer " + Key)));
        Assert.Equal(HealthView.StatusOnly, access.ViewFor(Request(ManagementPort)));
    }

    [Fact]
    public void The_management_port_is_recognised_by_the_socket_not_the_host_header()
    {
        var access = new HealthDetailsAccess(ManagementPort, detailsKey: null);

        Assert.Equal(HealthView.Details, access.ViewFor(Request(ManagementPort)));
        Assert.Equal(HealthView.StatusOnly, access.ViewFor(Request(PublicPort, host: $"127.0.0.1:{ManagementPort}")));
    }

    [Theory]
    [InlineData("Bearer " + Key, HealthView.Details)]
    [InlineData("bearer " + Key, HealthView.Details)]
    [InlineData("Bearer " + Key + "x", HealthView.Refused)]
    [InlineData("Bearer " + "0123456789abcdefghijklmnopqrstuvwxyzABCd", HealthView.Refused)]
    [InlineData("Bearer ", HealthView.Refused)]
    [InlineData("Basic " + Key, HealthView.StatusOnly)]
    [InlineData(null, HealthView.StatusOnly)]
    public void The_details_key_is_matched_exactly(string? authorization, HealthView expected)
    {
        File.WriteAllText(Path.Combine(_config, "health.key"), Key + "\n");
        var access = HealthDetailsAccess.Load(new HealthOptions { DetailsKeyFile = "health.key" }, Paths);

        Assert.Equal(expected, access.ViewFor(Request(PublicPort, authorization)));
    }

    [Theory]
    [InlineData("too-short")]
    [InlineData("0123456789abcdef 0123456789abcdef")]
    [InlineData("")]
    public void An_unusable_key_file_names_the_setting_and_file_but_never_the_content(string content)
    {
        var file = Path.Combine(_config, "health.key");
        File.WriteAllText(file, content);

        var error = Assert.Throws<InvalidDataException>(() => HealthDetailsAccess.Load(new HealthOptions { DetailsKeyFile = "health.key" }, Paths));

        Assert.StartsWith($"Idp:Health:DetailsKeyFile: '{file}' must hold one key of at least 32 characters", error.Message, StringComparison.Ordinal);
        if (content.Length > 0)
        {
            Assert.DoesNotContain(content, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_key_file_names_the_setting_and_file()
    {
        var error = Assert.Throws<InvalidDataException>(() => HealthDetailsAccess.Load(new HealthOptions { DetailsKeyFile = "absent.key" }, Paths));

        Assert.Equal($"Idp:Health:DetailsKeyFile: '{Path.Combine(_config, "absent.key")}' does not exist.", error.Message);
    }
}
