using System.Xml;
using System.Xml.Linq;
using IdpFederation.Core.State;
using IdpFederation.Infrastructure.State.Redis;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.DataProtection;

/// <summary>
/// The Data Protection key ring in one Redis LIST ({prefix}dataprotection:keys, see <see cref="RedisKeys"/>), so a
/// cookie or antiforgery token protected on one instance unprotects on every other. IXmlRepository is synchronous, so
/// this uses the client's synchronous calls, which the connection bounds by Idp:State:OperationTimeout. A failure
/// throws <see cref="StateStoreUnavailableException"/>: Data Protection keeps using the key ring it already holds and
/// reads again later, and a request that needs a key it cannot get fails with the 503 page.
/// </summary>
public sealed partial class RedisXmlRepository : IXmlRepository
{
    private readonly RedisConnection _redis;
    private readonly ILogger<RedisXmlRepository> _logger;

    public RedisXmlRepository(RedisConnection redis, ILogger<RedisXmlRepository> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _logger = logger;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var values = Run("read", db => db.ListRange(_redis.Keys.DataProtectionKeys));
        var elements = new List<XElement>(values.Length);
        for (var index = 0; index < values.Length; index++)
        {
            try
            {
                elements.Add(XElement.Parse((string)values[index]!));
            }
            catch (XmlException)
            {
                // One damaged entry must not take the whole key ring down; the keys that remain still decrypt.
                LogUnreadableEntry(index);
            }
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        // RPUSH keeps the list in creation order; the friendly name only names files, and a LIST has none.
        var xml = element.ToString(SaveOptions.DisableFormatting);
        Run("stored", db => db.ListRightPush(_redis.Keys.DataProtectionKeys, xml));
        LogStored(friendlyName);
    }

    private T Run<T>(string action, Func<IDatabase, T> operation)
    {
        try
        {
            return operation(_redis.Database);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or StateStoreUnavailableException)
        {
            _redis.ReportFailure();
            throw new StateStoreUnavailableException(
                $"Redis did not answer, so the Data Protection key ring could not be {action} ({ex.GetType().Name}).", ex);
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Data Protection key ring entry {Index} in Redis is not XML; it is ignored")]
    private partial void LogUnreadableEntry(int index);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Stored Data Protection key ring element {FriendlyName} in Redis")]
    private partial void LogStored(string friendlyName);
}
