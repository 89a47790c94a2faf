using IdpFederation.Cli;

// An interactive terminal gets a reader that does not echo, so a typed password never shows on screen.
var stdin = Console.IsInputRedirected ? Console.In : new NoEchoConsoleReader(Console.Error);
return await IdpFedCli.RunAsync(args, stdin, Console.Out, Console.Error).ConfigureAwait(false);
