namespace IdpFederation.Core.Policies;

/// <summary>One condition of a rule; the reason says why it matched or not, for audit and the what-if tool.</summary>
public interface IRuleCondition
{
    (bool Matched, string Reason) Test(PolicyContext context);
}
