using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using IdpFederation.Core.Onboarding;

namespace IdpFederation.Cli;

/// <summary>
/// idpfed user onboarding-link: prints a one-time link with which a user imported without a password chooses one.
/// The token is printed once and stored only as a hash; a new link for the same user retires the older ones.
/// </summary>
internal static class OnboardingLinkCommand
{
    public static Command Create(CliContext context)
    {
        var upn = new Argument<string>("upn") { Description = "User principal name, e.g. alice@contoso.com." };
        var validFor = new Option<TimeSpan>("--valid-for")
        {
            Description = "How long the link works: minutes, hours or days such as 30m, 72h or 7d (5 minutes to 30 days).",
            DefaultValueFactory = _ => OnboardingLinkLimits.DefaultLifetime,
            CustomParser = ParseLifetime,
        };
        var command = new Command("onboarding-link", "Print a one-time link with which the user sets a password (users imported without one).")
        {
            upn,
            validFor,
        };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var link = await session.Get<IOnboardingLinks>().IssueAsync(parse.GetRequiredValue(upn), parse.GetValue(validFor), ct).ConfigureAwait(false);
            var baseUrl = session.Options.PublicBaseUrl.TrimEnd('/');
            context.Console.Out.WriteLine($"{baseUrl}/onboarding?token={link.Token}");
            context.Console.Out.WriteLine(
                $"For {link.UserPrincipalName}, valid until {CliOutput.Timestamp(link.ExpiresAt)}; it works once, and older links for this user no longer work.");
        }));
        return command;
    }

    /// <summary>"30m", "72h", "7d", or a TimeSpan ("3.00:00:00"), from 5 minutes to 30 days.</summary>
    private static TimeSpan ParseLifetime(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.Trim();
        TimeSpan? parsed = null;
        if (text.Length >= 2 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            parsed = char.ToLowerInvariant(text[^1]) switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
        }
        else if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            parsed = span;
        }

        if (parsed is { } lifetime && lifetime >= OnboardingLinkLimits.MinimumLifetime && lifetime <= OnboardingLinkLimits.MaximumLifetime)
        {
            return lifetime;
        }

        result.AddError($"--valid-for '{text}' must be a duration from 5m to 30d, such as 30m, 72h or 7d.");
        return default;
    }
}
