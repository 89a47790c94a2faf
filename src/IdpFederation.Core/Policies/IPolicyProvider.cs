namespace IdpFederation.Core.Policies;

/// <summary>The policy in force: the last file that compiled, swapped atomically on reload.</summary>
public interface IPolicyProvider
{
    CompiledPolicy Current { get; }

    /// <summary>Why the most recent edit was refused, or null when the file on disk is the policy in force.</summary>
    IReadOnlyList<string>? LastRejection { get; }
}

/// <summary>A fixed policy, for tests and tools.</summary>
public sealed class StaticPolicyProvider : IPolicyProvider
{
    public StaticPolicyProvider(CompiledPolicy policy) => Current = policy;

    public CompiledPolicy Current { get; }

    public IReadOnlyList<string>? LastRejection => null;
}
