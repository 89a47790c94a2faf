using System.Text;

namespace IdpFederation.Cli;

/// <summary>Reads a line from the terminal without echoing it, for passwords typed at a prompt.</summary>
internal sealed class NoEchoConsoleReader : TextReader
{
    private readonly TextWriter _prompt;

    public NoEchoConsoleReader(TextWriter prompt) => _prompt = prompt;

    public override string? ReadLine()
    {
        // The prompt goes to stderr so stdout stays clean for scripts.
        _prompt.Write("Password: ");
        var line = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    _prompt.WriteLine();
                    return line.ToString();
                case ConsoleKey.Backspace:
                    if (line.Length > 0)
                    {
                        line.Length--;
                    }

                    break;
                default:
                    if (key.KeyChar == '\u0004' && line.Length == 0)
                    {
                        // Ctrl+D on an empty line: end of input, as a pipe would report it.
                        _prompt.WriteLine();
                        return null;
                    }

                    if (!char.IsControl(key.KeyChar))
                    {
                        line.Append(key.KeyChar);
                    }

                    break;
            }
        }
    }
}
