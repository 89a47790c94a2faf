using System.Globalization;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>$top and @odata.nextLink for collections (Graph "Paging Microsoft Graph data in your app").</summary>
internal static class Paging
{
    public static (int Top, GraphResult? Error) Top(GraphCall call, int defaultSize)
    {
        if (call.QueryValue("$top") is not { } text)
        {
            return (defaultSize, null);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top is >= 1 and <= 999
            ? (top, null)
            : (0, GraphResult.Error(400, "Request_BadRequest", $"Invalid page size specified: '{text}'. Must be between 1 and 999 inclusive."));
    }

    /// <summary>The same query with $skiptoken replaced: a client follows it as is, without adding options.</summary>
    public static string NextLink(string resourceUrl, GraphCall call, string skipToken)
    {
        var query = call.Query.Where(q => q.Key != "$skiptoken")
            .Select(q => q.Key + "=" + Uri.EscapeDataString(q.Value))
            .Append("$skiptoken=" + Uri.EscapeDataString(skipToken));
        return resourceUrl + "?" + string.Join("&", query);
    }
}
