using IdpFederation.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddIdpServer();

var app = builder.Build();
await app.PrepareIdpAsync().ConfigureAwait(false);
app.UseIdpServer();
await app.RunAsync().ConfigureAwait(false);

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
