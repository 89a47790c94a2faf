namespace IdpFederation.Core.Policies;

/// <summary>Relying parties or client kinds: the request's value must be one of a list.</summary>
public sealed class SetCondition : IRuleCondition
{
    private readonly string _what;
    private readonly HashSet<string> _values;
    private readonly Func<PolicyContext, string> _select;

    public SetCondition(string what, IEnumerable<string> values, StringComparer comparer, Func<PolicyContext, string> select)
    {
        _what = what;
        _values = new HashSet<string>(values, comparer);
        _select = select;
    }

    public (bool Matched, string Reason) Test(PolicyContext context)
    {
        var value = _select(context);
        return _values.Contains(value) ? (true, $"{_what} {value} is listed") : (false, $"{_what} {value} is not listed");
    }
}
