using IdpFederation.Core.Networks;

namespace IdpFederation.Core.Policies;

public sealed class IpRangeCondition : IRuleCondition
{
    private readonly IReadOnlyList<(string Label, IpRange Range)> _ranges;
    private readonly bool _negate;

    public IpRangeCondition(IReadOnlyList<(string Label, IpRange Range)> ranges, bool negate)
    {
        _ranges = ranges;
        _negate = negate;
    }

    public (bool Matched, string Reason) Test(PolicyContext context)
    {
        if (context.ClientIp is null)
        {
            // Without a client address nothing can be proven about it; only "not in these ranges" is a safe reading.
            return (_negate, "client IP unknown");
        }

        foreach (var (label, range) in _ranges)
        {
            if (range.Contains(context.ClientIp))
            {
                return (!_negate, $"{context.ClientIp} is in {label}" + (_negate ? " (negated)" : ""));
            }
        }

        return (_negate, $"{context.ClientIp} is in none of the ranges" + (_negate ? " (negated)" : ""));
    }
}
