using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace IdpFederation.Infrastructure.Policies;

/// <summary>
/// Loads the policy file, and reloads it when it changes. A file that does not compile is refused with every reason
/// and the policy in force stays; at start-up there is nothing to fall back on, so the constructor throws.
/// </summary>
public sealed partial class PolicyFileProvider : IPolicyProvider, IDisposable
{
    private readonly string _path;
    private readonly ICountryLookup _countries;
    private readonly ILogger<PolicyFileProvider> _logger;
    private readonly PhysicalFileProvider _files;
    private readonly IDisposable _watch;
    private volatile State _state;

    public PolicyFileProvider(string path, ICountryLookup countries, ILogger<PolicyFileProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(path);
        _path = Path.GetFullPath(path);
        _countries = countries;
        _logger = logger;
        var first = Compile();
        _state = first.Policy is { } policy
            ? new State(policy, null)
            : throw new InvalidDataException(string.Join(Environment.NewLine, first.Errors));
        _files = new PhysicalFileProvider(Path.GetDirectoryName(_path)!) { UsePollingFileWatcher = false };
        _watch = ChangeToken.OnChange(() => _files.Watch(Path.GetFileName(_path)), Reload);
    }

    public CompiledPolicy Current => _state.Policy;

    public IReadOnlyList<string>? LastRejection => _state.Rejection;

    /// <summary>Compiles a file without applying it (the CLI's "policy validate").</summary>
    public static PolicyCompileResult CompileFile(string path, ICountryLookup countries)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new PolicyCompileResult(CompiledPolicy.Empty, []);
        }

        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            return PolicyCompileResult.Failure($"{path}: $: cannot be read: {ex.Message}");
        }

        return PolicyCompiler.Compile(json, path, countries);
    }

    private PolicyCompileResult Compile() => CompileFile(_path, _countries);

    private void Reload()
    {
        // Editors write in several steps; a short pause avoids compiling a half-written file.
        Thread.Sleep(150);
        if (!File.Exists(_path))
        {
            // Deleting the file (or an editor's delete-then-write) must not lift every rule; an empty file does that.
            Reject([$"{_path}: $: the policy file was deleted; the previous policy stays in force (write a file with no rules to remove them)."]);
            return;
        }

        var result = Compile();
        if (result.Policy is { } policy)
        {
            _state = new State(policy, null);
            LogApplied(_path, policy.Rules.Count);
        }
        else
        {
            Reject(result.Errors);
        }
    }

    private void Reject(IReadOnlyList<string> errors)
    {
        // File watchers often report one save as two changes; the same refusal is logged once.
        var repeated = _state.Rejection is { } current && current.SequenceEqual(errors, StringComparer.Ordinal);
        _state = _state with { Rejection = errors };
        if (!repeated)
        {
            LogRejected(_path, errors);
        }
    }

    public void Dispose()
    {
        _watch.Dispose();
        _files.Dispose();
    }

    private sealed record State(CompiledPolicy Policy, IReadOnlyList<string>? Rejection);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Sign-in policy {Path} applied: {Count} rules")]
    private partial void LogApplied(string path, int count);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "Sign-in policy {Path} rejected; the previous policy stays in force: {Errors}")]
    private partial void LogRejected(string path, IReadOnlyList<string> errors);
}
