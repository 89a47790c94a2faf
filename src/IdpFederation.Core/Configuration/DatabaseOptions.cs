namespace IdpFederation.Core.Configuration;

public sealed class DatabaseOptions
{
    /// <summary>
    /// Empty means SQLite at &lt;DataDirectory&gt;/idpfederation.db. A connection string with "Host=" selects
    /// PostgreSQL; "Data Source=" selects SQLite.
    /// </summary>
    public string? ConnectionString { get; set; }
}
