using System.Text.RegularExpressions;
using IdpFederation.Core.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace IdpFederation.Server.Hosting;

/// <summary>
/// Wraps Kestrel to turn "address already in use" into a <see cref="ListenAddressInUseException"/> that names the
/// address and the setting that chose it, and to mark the failure so the host's own report of it (a stack trace)
/// stays out of the log (<see cref="HostStartFailureLogFilter"/>).
/// </summary>
internal sealed partial class ListenAddressInUseServer : IServer
{
    private readonly IServer _kestrel;
    private readonly IConfiguration _configuration;
    private readonly ListenFailure _failure;

    public ListenAddressInUseServer(IServer kestrel, IConfiguration configuration, ListenFailure failure)
    {
        _kestrel = kestrel;
        _configuration = configuration;
        _failure = failure;
    }

    public IFeatureCollection Features => _kestrel.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        try
        {
            await _kestrel.StartAsync(application, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            // Kestrel's message is the only place the address appears: "Failed to bind to address X: address already in use."
            var address = BoundAddress().Match(ex.Message) is { Success: true } match
                ? match.Groups["address"].Value
                : string.Join(", ", Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
            _failure.Recorded = true;
            throw new ListenAddressInUseException(address, $"{address} is already in use by another program. Stop that program, or {Remedy(address)}", ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _kestrel.StopAsync(cancellationToken);

    public void Dispose() => _kestrel.Dispose();

    /// <summary>
    /// The setting that chose the address: Idp:Health:ManagementUrl for its port; else Kestrel:Endpoints, which when
    /// present overrides --urls and ASPNETCORE_URLS, so it is the one to change.
    /// </summary>
    private string Remedy(string address)
    {
        if (HealthOptions.TryParseManagementPort(_configuration[HealthManagementListener.Setting], out var management)
            && Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port == management)
        {
            return $"choose another port for the health management listener ({HealthManagementListener.Setting}).";
        }

        return _configuration.GetSection("Kestrel:Endpoints").Exists()
            ? "choose another address in the Kestrel:Endpoints configuration."
            : "choose another address with --urls (e.g. --urls http://127.0.0.1:5001; after -- with dotnet run) or the ASPNETCORE_URLS environment variable.";
    }

    [GeneratedRegex(@"address (?<address>\S+): address already in use", RegexOptions.CultureInvariant)]
    private static partial Regex BoundAddress();
}

/// <summary>Set once Kestrel has failed to bind; read by the log filter on every log call, hence a plain flag.</summary>
internal sealed class ListenFailure
{
    private volatile bool _recorded;

    public bool Recorded
    {
        get => _recorded;
        set => _recorded = value;
    }
}
