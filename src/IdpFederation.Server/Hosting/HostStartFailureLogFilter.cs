using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Hosting;

/// <summary>
/// Keeps the host's "Hosting failed to start" error, with its stack trace, out of the log once a listen address was
/// found in use: Program reports that in one line. Only that case is hidden, because only then is the failure reported
/// elsewhere. Filter rules are chosen one per category and provider (the most specific wins), so the condition rides
/// on every rule, plus a least specific catch-all for categories no rule names.
/// </summary>
internal sealed class HostStartFailureLogFilter : IPostConfigureOptions<LoggerFilterOptions>
{
    /// <summary>The category Microsoft.Extensions.Hosting logs "Hosting failed to start" under.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private readonly ListenFailure _failure;

    public HostStartFailureLogFilter(ListenFailure failure) => _failure = failure;

    public void PostConfigure(string? name, LoggerFilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = options.Rules.Select(r => new LoggerFilterRule(r.ProviderName, r.CategoryName, r.LogLevel, Unless(r.Filter))).ToList();
        options.Rules.Clear();
        // First among equals, so any rule from configuration that is just as general still takes precedence.
        options.Rules.Add(new LoggerFilterRule(null, null, options.MinLevel, Unless(null)));
        foreach (var rule in rules)
        {
            options.Rules.Add(rule);
        }
    }

    private Func<string?, string?, LogLevel, bool> Unless(Func<string?, string?, LogLevel, bool>? filter) =>
        (provider, category, level) =>
            !(_failure.Recorded && level >= LogLevel.Error && category == HostCategory)
            && (filter is null || filter(provider, category, level));
}
