namespace IdpFederation.Infrastructure.Configuration;

/// <summary>Parse failures of configuration files, newest last; start-up refuses to run while any is recorded.</summary>
public sealed class ConfigurationFileErrors
{
    private readonly List<string> _errors = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<string> All
    {
        get
        {
            lock (_gate)
            {
                return _errors.ToArray();
            }
        }
    }

    public void Add(string path, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = $"{path}: {exception.InnerException?.Message ?? exception.Message}";
        lock (_gate)
        {
            _errors.Add(message);
        }

        Console.Error.WriteLine("Configuration file rejected: " + message);
    }
}
