using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.DevelopmentTools;

/// <summary>
/// The real server in Development (so the test relying party is on by default) with ASP.NET Core logging at Trace,
/// where MVC would write handler arguments: the tests can then show that no part of a token reaches the log.
/// </summary>
public sealed class TestRelyingPartyServerFixture() : IdpServerFixture(config =>
    config["Logging"]!["LogLevel"]!["Microsoft.AspNetCore"] = "Trace");
