using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;

namespace IdpFederation.Cli;

/// <summary>
/// idpfed policy test: a what-if. Evaluates the configured policy for one imagined sign-in and explains every rule.
/// It exits 0 whatever the decision, so scripts can compare decisions; only bad input or a bad policy is an error.
/// </summary>
internal static class PolicyTestCommand
{
    public static Command Create(CliContext context)
    {
        var user = new Option<string>("--user") { Description = "UPN of a directory user; their roles come from the directory.", Required = true };
        var ip = new Option<IPAddress>("--ip") { Description = "Client IP address (IPv4 or IPv6).", Required = true, CustomParser = ParseIp };
        var app = new Option<string>("--app") { Description = "Relying party realm, e.g. urn:federation:MicrosoftOnline.", Required = true };
        var client = new Option<ClientKind>("--client")
        {
            Description = "browser (WS-Fed, SAML) or active (WS-Trust).",
            Required = true,
            CustomParser = ParseClient,
            // The enum's names (Active|Browser) are not what ParseClient accepts.
            HelpName = "browser|active",
        };
        var time = new Option<DateTimeOffset?>("--time") { Description = "ISO 8601 instant to evaluate at (default: now); without an offset it is UTC.", CustomParser = ParseTime };
        var country = new Option<string?>("--country") { Description = "Two-letter country code to assume instead of the country database's answer.", CustomParser = ParseCountry };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("test", "Show what the configured policy would decide for a sign-in, and why, rule by rule.")
        {
            user, ip, app, client, time, country, json,
        };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var upn = parse.GetRequiredValue(user);
            var found = await session.Get<IUserDirectory>().FindByUpnAsync(upn, ct).ConfigureAwait(false)
                ?? throw new CliRefusedException($"User '{upn}' does not exist.");
            var countries = PolicySources.LoadCountries(session);
            var path = PolicySources.ResolvePolicyFile(session, null);
            var policy = PolicySources.CompileOrFail(path, countries, context.Console.Out);
            var address = parse.GetRequiredValue(ip);
            var overridden = parse.GetValue(country);
            var policyContext = new PolicyContext
            {
                UserPrincipalName = found.UserPrincipalName,
                Roles = found.Roles,
                RelyingParty = parse.GetRequiredValue(app),
                ClientKind = parse.GetRequiredValue(client),
                ClientIp = address,
                // The same lookup the server's policy step makes, unless the admin wants to try another country.
                Country = overridden ?? countries.Lookup(address),
                Time = parse.GetValue(time) ?? TimeProvider.System.GetUtcNow(),
            };
            var report = PolicyTestReport.From(policy, policyContext, found.Enabled, CountrySource(overridden, countries, policyContext.Country));
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(context.Console.Out, report);
            }
            else
            {
                report.WriteText(context.Console.Out);
            }
        }));
        return command;
    }

    private static string CountrySource(string? overridden, ICountryLookup countries, string? country) =>
        overridden is not null ? "--country" : !countries.IsAvailable ? "no country database" : country is null ? "not in the country database" : "country database";

    private static IPAddress ParseIp(ArgumentResult result)
    {
        var text = Token(result);
        if (IPAddress.TryParse(text, out var address) && !text.Contains('%', StringComparison.Ordinal) && !text.Contains('/', StringComparison.Ordinal))
        {
            return IpRange.Normalize(address);
        }

        result.AddError($"--ip '{text}' is not an IPv4 or IPv6 address.");
        return IPAddress.None;
    }

    private static ClientKind ParseClient(ArgumentResult result)
    {
        var text = Token(result);
        switch (text)
        {
            case "browser":
                return ClientKind.Browser;
            case "active":
                return ClientKind.Active;
            default:
                result.AddError($"--client '{text}' must be browser or active.");
                return ClientKind.Browser;
        }
    }

    private static DateTimeOffset? ParseTime(ArgumentResult result)
    {
        var text = Token(result);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && text.Contains('T', StringComparison.OrdinalIgnoreCase))
        {
            return time;
        }

        result.AddError($"--time '{text}' is not an ISO 8601 instant such as 2026-03-02T09:30:00+11:00.");
        return null;
    }

    private static string? ParseCountry(ArgumentResult result)
    {
        var text = Token(result).ToUpperInvariant();
        if (text.Length == 2 && text.All(char.IsAsciiLetterUpper))
        {
            return text;
        }

        result.AddError($"--country '{Token(result)}' is not an ISO 3166-1 alpha-2 code such as AU.");
        return null;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count == 0 ? "" : result.Tokens[0].Value.Trim();
}
