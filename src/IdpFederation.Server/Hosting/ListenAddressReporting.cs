using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Hosting;

internal static class ListenAddressReporting
{
    /// <summary>
    /// Puts <see cref="ListenAddressInUseServer"/> around the server the builder registered (Kestrel), so a taken
    /// address ends start-up with one line instead of the host's stack trace.
    /// </summary>
    public static void AddListenAddressInUseReporting(this WebApplicationBuilder builder)
    {
        var server = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IServer));
        if (server is null)
        {
            return;
        }

        var failure = new ListenFailure();
        builder.Services.Remove(server);
        builder.Services.AddSingleton<IServer>(sp => new ListenAddressInUseServer(
            (IServer)(server.ImplementationInstance ?? server.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, server.ImplementationType!)),
            sp.GetRequiredService<IConfiguration>(),
            failure));
        builder.Services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>>(new HostStartFailureLogFilter(failure));
    }
}
