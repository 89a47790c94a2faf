using IdpFederation.Core.Directory;

namespace IdpFederation.Tests.Directory;

[Trait("Kind", "Unit")]
public sealed class ImmutableIdTests
{
    [Fact]
    public void Generated_ids_are_valid_base64_guids_and_unique()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => ImmutableId.Generate()).ToList();

        Assert.All(ids, id =>
        {
            Assert.Null(ImmutableId.Validate(id));
            Assert.Equal(16, Convert.FromBase64String(id).Length);
        });
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("AbCdEf0123456789+/==")]
    [InlineData("x")]
    [InlineData("employee-00042")]
    public void Acceptable_values_pass(string value) => Assert.Null(ImmutableId.Validate(value));

    [Fact]
    public void Sixty_four_characters_is_the_limit()
    {
        Assert.Null(ImmutableId.Validate(new string('a', 64)));
        Assert.Contains("64", ImmutableId.Validate(new string('a', 65)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData("nul\0char")]
    [InlineData("dollar$sign")]
    [InlineData("under_score")]
    [InlineData("at@sign")]
    [InlineData("nbsp\u00a0here")]
    public void Unacceptable_values_are_explained(string? value)
    {
        var problem = ImmutableId.Validate(value);

        Assert.False(string.IsNullOrWhiteSpace(problem));
        Assert.DoesNotContain('\n', problem);
    }
}
