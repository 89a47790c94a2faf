namespace IdpFederation.Tests.Directory;

/// <summary>
/// Reads IDPFED_TEST_POSTGRES (a server connection string; each fixture creates its own database on it). Without it the
/// PostgreSQL tests fail, so CI cannot pass by silently not testing PostgreSQL, unless IDPFED_SKIP_POSTGRES=1.
/// </summary>
public static class PostgresTestEnvironment
{
    public const string ConnectionStringVariable = "IDPFED_TEST_POSTGRES";
    public const string SkipVariable = "IDPFED_SKIP_POSTGRES";

    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Why PostgreSQL tests are skipped, or null when they run (or must fail for lack of a server).</summary>
    public static string? SkipReason =>
        ConnectionString is null && Environment.GetEnvironmentVariable(SkipVariable) == "1"
            ? $"{SkipVariable}=1 and {ConnectionStringVariable} is not set."
            : null;

    public static string RequireConnectionString() => ConnectionString ?? throw new InvalidOperationException(
        $"{ConnectionStringVariable} is not set. Point it at a PostgreSQL server, e.g. " +
        $"'Host=127.0.0.1;Port=54329;Username=postgres;Database=idpfed_test', or set {SkipVariable}=1 to skip the PostgreSQL tests.");
}
