using IdpFederation.Server.Hosting;
using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddIdpServer();

    var app = builder.Build();
    await app.PrepareIdpAsync().ConfigureAwait(false);
    app.UseIdpServer();
    await app.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidDataException or InvalidOperationException or FormatException)
{
    // Configuration mistakes end start-up with the reasons alone; a stack trace would bury them.
    var reasons = ex is OptionsValidationException validation ? validation.Failures : [ex.Message];
    Console.Error.WriteLine("IdpFederation cannot start: the configuration is invalid.");
    foreach (var reason in reasons)
    {
        Console.Error.WriteLine("  " + reason);
    }

    return 1;
}

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
