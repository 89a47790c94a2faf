namespace IdpFederation.Core.Policies;

public sealed class CountryCondition : IRuleCondition
{
    private readonly HashSet<string> _countries;
    private readonly bool _negate;
    private readonly bool _unknownMatches;

    public CountryCondition(IEnumerable<string> countries, bool negate, bool unknownMatches)
    {
        _countries = new HashSet<string>(countries, StringComparer.OrdinalIgnoreCase);
        _negate = negate;
        _unknownMatches = unknownMatches;
    }

    public (bool Matched, string Reason) Test(PolicyContext context)
    {
        if (context.Country is null)
        {
            return (_unknownMatches, "country unknown (unknownCountry: " + (_unknownMatches ? "match" : "noMatch") + ")");
        }

        var listed = _countries.Contains(context.Country);
        var matched = listed != _negate;
        return (matched, $"country {context.Country} is {(listed ? "" : "not ")}listed" + (_negate ? " (negated)" : ""));
    }
}
