using IdpFederation.Core.Configuration;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Runs <see cref="IdpOptionsValidator"/> over the factory defaults with one change applied.</summary>
internal static class OptionsValidation
{
    private static readonly IdpOptionsValidator Validator = new();

    public static IReadOnlyList<string> Failures(Action<IdpOptions> change)
    {
        var options = CoreTestFactory.DefaultOptions();
        change(options);
        var result = Validator.Validate(null, options);
        Assert.Equal(result.Failed, !result.Succeeded);
        return result.Failed ? [.. result.Failures!] : [];
    }

    /// <summary>The change yields exactly this message, key path included, and nothing else.</summary>
    public static void AssertOnlyFailure(string expected, Action<IdpOptions> change) => Assert.Equal([expected], Failures(change));
}
