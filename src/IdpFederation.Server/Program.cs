using IdpFederation.Server.Hosting;

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
catch (Exception ex) when (StartupFailure.Explain(ex) is { } lines)
{
    // Mistakes a person can fix end start-up with the reasons alone; a stack trace would bury them.
    foreach (var line in lines)
    {
        Console.Error.WriteLine(line);
    }

    return 1;
}

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
