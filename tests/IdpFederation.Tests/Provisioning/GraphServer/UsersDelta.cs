using System.Globalization;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// GET /users/delta, or /users/delta() as the SDK writes the function call (Graph "user: delta"): the first round returns every user; each round ends with an
/// @odata.deltaLink whose $deltatoken returns only users changed since, and deleted users as {"id","@removed"}.
/// A round's membership is fixed when it starts and its pages follow @odata.nextLink ($skiptoken); $select carries
/// over through both tokens. Callers hold the directory lock.
/// </summary>
internal sealed class UsersDelta
{
    private readonly Dictionary<string, DeltaRound> _rounds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Since, string[]? Select)> _tokens = new(StringComparer.Ordinal);
    private readonly GraphDirectory _directory;
    private readonly Func<string> _baseUrl;

    public UsersDelta(GraphDirectory directory, Func<string> baseUrl)
    {
        _directory = directory;
        _baseUrl = baseUrl;
    }

    public GraphResult Get(GraphCall call)
    {
        if (call.Query.ContainsKey("$filter") || call.Query.ContainsKey("$orderby") || call.Query.ContainsKey("$expand"))
        {
            return GraphResult.Error(400, "Request_UnsupportedQuery", "Unsupported Query.");
        }

        DeltaRound round;
        if (call.QueryValue("$skiptoken") is { } skip)
        {
            if (!_rounds.Remove(skip, out round!))
            {
                return GraphResult.BadRequest("Invalid or expired $skiptoken.");
            }
        }
        else
        {
            long since = 0;
            var (select, error) = UserProperties.ParseSelect(call.QueryValue("$select"));
            if (error is not null)
            {
                return error;
            }

            if (call.QueryValue("$deltatoken") is { } delta)
            {
                if (!_tokens.TryGetValue(delta, out var token))
                {
                    return GraphResult.BadRequest("Invalid or expired $deltatoken.");
                }

                (since, select) = token;
            }

            round = Start(since, select, PageSize(call));
        }

        return Page(round);
    }

    private DeltaRound Start(long since, string[]? select, int pageSize)
    {
        var items = _directory.Users.Values.Where(u => u.Sequence > since).Select(u => (u.Sequence, u.Id, Removed: false));
        if (since > 0)
        {
            items = items.Concat(_directory.Tombstones.Where(t => t.Sequence > since).Select(t => (t.Sequence, t.Id, Removed: true)));
        }

        return new DeltaRound(items.OrderBy(i => i.Sequence).Select(i => (i.Id, i.Removed)).ToList(), _directory.Sequence, select, pageSize);
    }

    private GraphResult Page(DeltaRound round)
    {
        var value = new JsonArray();
        foreach (var (id, removed) in round.Items.Skip(round.Offset).Take(round.PageSize))
        {
            value.Add(!removed && _directory.Users.TryGetValue(id, out var user)
                ? UserProperties.ToJson(user, round.Select, alwaysId: true)
                : new JsonObject { ["id"] = id, ["@removed"] = new JsonObject { ["reason"] = "changed" } });
        }

        round.Offset += round.PageSize;
        var body = new JsonObject { ["@odata.context"] = $"{_baseUrl()}/$metadata#users", ["value"] = value };
        var link = Guid.NewGuid().ToString("N");
        if (round.Offset < round.Items.Count)
        {
            _rounds[link] = round;
            body["@odata.nextLink"] = $"{_baseUrl()}/users/delta?$skiptoken={link}";
        }
        else
        {
            _tokens[link] = (round.Until, round.Select);
            body["@odata.deltaLink"] = $"{_baseUrl()}/users/delta?$deltatoken={link}";
        }

        return GraphResult.Ok(body);
    }

    /// <summary>Prefer: odata.maxpagesize=n sets the page size of a delta round, as on Graph; else the server default.</summary>
    private int PageSize(GraphCall call)
    {
        var prefer = call.Header("Prefer") ?? "";
        const string key = "odata.maxpagesize=";
        var at = prefer.IndexOf(key, StringComparison.OrdinalIgnoreCase);
        if (at >= 0 && int.TryParse(new string(prefer[(at + key.Length)..].TakeWhile(char.IsDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
        {
            return Math.Min(size, 999);
        }

        return _directory.Options.DefaultPageSize;
    }

    private sealed class DeltaRound(List<(string Id, bool Removed)> items, long until, string[]? select, int pageSize)
    {
        public List<(string Id, bool Removed)> Items { get; } = items;

        public long Until { get; } = until;

        public string[]? Select { get; } = select;

        public int PageSize { get; } = pageSize;

        public int Offset { get; set; }
    }
}
