using IdpFederation.Core.Federation;
using IdpFederation.Infrastructure.Certificates.Rollover;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Server.Hosting;
using IdpFederation.Tests.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IdpFederation.Tests.Federation.Rollover;

/// <summary>
/// The real server (Program.cs's three calls) on Kestrel at 127.0.0.1, hosted in the test process so that a fake
/// Entra can stand in for Graph behind IEntraFederationCertificates. Several may share one environment (one database).
/// </summary>
public sealed class InProcessIdpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessIdpServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    public RotatingSigningKeyStore Keys => _app.Services.GetRequiredService<RotatingSigningKeyStore>();

    public CertificateRolloverWorker Worker => _app.Services.GetServices<IHostedService>().OfType<CertificateRolloverWorker>().Single();

    public static async Task<InProcessIdpServer> StartAsync(TestIdpEnvironment environment, IEntraFederationCertificates entra, string? baseUrl = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        baseUrl ??= environment.BaseUrl;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls", baseUrl],
            EnvironmentName = "Development",
            ApplicationName = typeof(IdpServerBuilderExtensions).Assembly.GetName().Name,
            ContentRootPath = RepositoryPaths.ServerProjectDirectory,
        });
        builder.Configuration[IdpPaths.ConfigDirectoryVariable] = environment.ConfigDirectory;
        builder.AddIdpServer();
        builder.Services.AddSingleton(entra);
        var app = builder.Build();
        await app.PrepareIdpAsync();
        app.UseIdpServer();
        await app.StartAsync();
        return new InProcessIdpServer(app, baseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
