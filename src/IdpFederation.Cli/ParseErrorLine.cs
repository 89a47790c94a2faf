using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace IdpFederation.Cli;

/// <summary>
/// Every problem with a command line in one stderr line: all missing arguments and options are named together, so
/// an administrator fixes the command once instead of discovering one omission per attempt.
/// </summary>
internal static class ParseErrorLine
{
    private const string ProgramName = "idpfed";

    /// <summary>The line to print, or null when the command line is fine.</summary>
    public static string? Describe(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var missingArguments = new List<string>();
        var missingOptions = MissingRequiredFlags(parseResult).ToList();
        var others = new List<string>();
        foreach (var error in parseResult.Errors)
        {
            switch (error.SymbolResult)
            {
                // System.CommandLine words these "Required argument missing for command: 'add'." once per argument,
                // without saying which; the usage line's <name> does.
                case ArgumentResult { Tokens.Count: 0, Parent: CommandResult } argument when argument.Argument.Arity.MinimumNumberOfValues > 0:
                    missingArguments.Add($"<{argument.Argument.Name}>");
                    break;
                case OptionResult { Implicit: true } option when option.Option.Required:
                    missingOptions.Add(option.Option.Name);
                    break;
                default:
                    others.Add(error.Message);
                    break;
            }
        }

        // An unrecognized token (a mistyped command or option) usually explains the rest, so it goes first.
        var parts = others.Distinct(StringComparer.Ordinal)
            .OrderBy(message => parseResult.UnmatchedTokens.Any(token => message.Contains(token, StringComparison.Ordinal)) ? 0 : 1)
            .ToList();
        if (Missing(missingArguments, missingOptions) is { } missing)
        {
            parts.Add(missing);
        }

        return parts.Count == 0 ? null : $"{string.Join(' ', parts)} (see {CommandPath(parseResult.CommandResult)} --help)";
    }

    /// <summary>
    /// System.CommandLine shows "(REQUIRED)" on a required flag but never enforces it (an absent flag still has the value
    /// false), and a command validator would hide the command's missing arguments; so the flags are checked here,
    /// when the command would run or the line already fails (not for --help or --version).
    /// </summary>
    private static IEnumerable<string> MissingRequiredFlags(ParseResult parseResult)
    {
        var command = parseResult.CommandResult;
        var runsOrFails = parseResult.Action is ParseErrorAction || (parseResult.Action is not null && parseResult.Action == command.Command.Action);
        if (!runsOrFails)
        {
            return [];
        }

        return command.Command.Options.OfType<Option<bool>>()
            .Where(flag => flag.Required && command.GetResult(flag) is not { Implicit: false })
            .Select(flag => flag.Name);
    }

    private static string? Missing(List<string> arguments, List<string> options)
    {
        var groups = new List<string>();
        if (arguments.Count > 0)
        {
            groups.Add((arguments.Count == 1 ? "argument " : "arguments ") + string.Join(", ", arguments.Distinct(StringComparer.Ordinal)));
        }

        if (options.Count > 0)
        {
            groups.Add((options.Count == 1 ? "option " : "options ") + string.Join(", ", options.Distinct(StringComparer.Ordinal)));
        }

        return groups.Count == 0 ? null : $"Missing required {string.Join(" and ", groups)}.";
    }

    /// <summary>"idpfed user add": the help that explains the command the user was typing.</summary>
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (var current = command; current.Parent is CommandResult parent; current = parent)
        {
            names.Insert(0, current.Command.Name);
        }

        return string.Join(' ', names.Prepend(ProgramName));
    }
}
