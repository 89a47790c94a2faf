using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Configuration;

/// <summary>
/// Which configuration files are refused right now, and why. At start-up any refusal stops the server; after that a
/// refused file is logged once, the previous contents stay in force, and the readiness check shows it until the file
/// reads again.
/// </summary>
public sealed partial class ConfigurationFileErrors
{
    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ILogger? _logger;

    /// <summary>"file: reason" for every file refused now, in path order.</summary>
    public IReadOnlyList<string> All
    {
        get
        {
            lock (_gate)
            {
                return _errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {e.Value}").ToArray();
            }
        }
    }

    /// <summary>
    /// The configuration is built before the service container that makes loggers, so the logger arrives once the
    /// host exists. Refusals recorded before then are logged now.
    /// </summary>
    public void UseLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        lock (_gate)
        {
            _logger = logger;
            foreach (var (path, reason) in _errors)
            {
                LogRefused(logger, path, reason);
            }
        }
    }

    /// <param name="reason">What is wrong and where, e.g. "not valid JSON at line 3, column 7: …".</param>
    public void Refuse(string path, string reason)
    {
        lock (_gate)
        {
            // File watchers often report one save as two changes; the same refusal is logged once.
            if (_errors.TryGetValue(path, out var current) && current == reason)
            {
                return;
            }

            _errors[path] = reason;
            if (_logger is not null)
            {
                LogRefused(_logger, path, reason);
            }
        }
    }

    public void Accept(string path)
    {
        lock (_gate)
        {
            if (_errors.Remove(path) && _logger is not null)
            {
                LogAcceptedAgain(_logger, path);
            }
        }
    }

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Configuration file {Path} was not applied, its previous contents stay in force: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Configuration file {Path} reads correctly again and is applied")]
    private static partial void LogAcceptedAgain(ILogger logger, string path);
}
