using System.CommandLine;

namespace IdpFederation.Cli;

/// <summary>idpfed policy validate | test: check a sign-in policy file, and ask what it would decide.</summary>
internal static class PolicyCommands
{
    public static Command Create(CliContext context) => new("policy", "Check the sign-in policy file and try it out without applying it.")
    {
        Validate(context),
        PolicyTestCommand.Create(context),
    };

    private static Command Validate(CliContext context)
    {
        var file = new Argument<string?>("file")
        {
            Description = "The policy file to check (default: Idp:Policy:File, policies.json in the config directory).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("validate", "Compile a policy file as the server would, without applying it; prints \"OK: N rules\" or every error.") { file };
        command.SetAction(context.Run(
            (parse, session, _) =>
            {
                var given = parse.GetValue(file);
                var path = PolicySources.ResolvePolicyFile(session, given);
                if (!File.Exists(path))
                {
                    // The server treats a missing configured file as "no rules"; a file named on the command line must exist.
                    if (given is { Length: > 0 })
                    {
                        throw new CliRefusedException($"Policy file '{path}' does not exist.");
                    }

                    context.Console.Out.WriteLine($"OK: 0 rules (no policy file at '{path}', so every password sign-in is allowed)");
                    return Task.CompletedTask;
                }

                var policy = PolicySources.CompileOrFail(path, PolicySources.LoadCountries(session), context.Console.Out);
                context.Console.Out.WriteLine($"OK: {policy.Rules.Count} rule{(policy.Rules.Count == 1 ? "" : "s")}");
                return Task.CompletedTask;
            },
            migrateDirectory: false));
        return command;
    }
}
