using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Configuration;

/// <summary>
/// Validates options on every (re)load. At start-up an invalid configuration throws, so the server stops with the
/// precise reasons; after that, an invalid edit is logged and the last good configuration stays in force, so a typo
/// in a config file never takes sign-in down. Every reason that names a setting is told where that setting is set (file
/// and line, or environment variable), so the server, the health check, the log and the CLI all point at the line.
/// </summary>
public sealed partial class LastGoodOptionsFactory<TOptions> : IOptionsFactory<TOptions> where TOptions : class
{
    private readonly OptionsFactory<TOptions> _inner;
    private readonly ILogger<LastGoodOptionsFactory<TOptions>> _logger;
    private readonly ConfigurationKeyLocator? _locator;
    private readonly Dictionary<string, TOptions> _lastGood = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public LastGoodOptionsFactory(
        IEnumerable<IConfigureOptions<TOptions>> setups,
        IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
        IEnumerable<IValidateOptions<TOptions>> validations,
        ILogger<LastGoodOptionsFactory<TOptions>> logger,
        ConfigurationKeyLocator? locator = null)
    {
        _inner = new OptionsFactory<TOptions>(setups, postConfigures, validations);
        _logger = logger;
        _locator = locator;
    }

    /// <summary>The reasons the most recent reload was refused, or null when the active options are the latest.</summary>
    public IReadOnlyList<string>? LastRejection { get; private set; }

    public TOptions Create(string name)
    {
        try
        {
            var created = _inner.Create(name);
            lock (_gate)
            {
                _lastGood[name] = created;
                LastRejection = null;
            }

            return created;
        }
        catch (OptionsValidationException ex)
        {
            return Refuse(name, ex.Failures.ToArray());
        }
        catch (InvalidOperationException ex)
        {
            // The binder's refusal of a value it cannot convert ("MinimumLength": "twelve"): after start-up it is an
            // edit like any other, and must not leave every reader of the options throwing until the file is fixed.
            return Refuse(name, [ex.Message]);
        }
    }

    private TOptions Refuse(string name, string[] failures)
    {
        if (_locator is { } locator)
        {
            failures = [.. failures.Select(locator.Annotate)];
        }

        lock (_gate)
        {
            if (!_lastGood.TryGetValue(name, out var previous))
            {
                // Start-up: nothing to fall back to, so the server stops with the reasons.
                throw new OptionsValidationException(name, typeof(TOptions), failures);
            }

            // Options are rebuilt on every change to any configuration source, so the same refusal would be
            // repeated for edits that did not touch it; it is logged when it first appears or changes.
            if (LastRejection is null || !LastRejection.SequenceEqual(failures, StringComparer.Ordinal))
            {
                LogRejected(typeof(TOptions).Name, string.Join(" ", failures));
            }

            LastRejection = failures;
            return previous;
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Configuration reload rejected; the last good {Options} stay active. {Reasons}")]
    private partial void LogRejected(string options, string reasons);
}
