using System.Text;
using System.Text.RegularExpressions;

namespace IdpFederation.Tests.Federation;

/// <summary>A command a script runs, with the named parameters given to it.</summary>
internal sealed record PowerShellCommand(string Name, int Line)
{
    public List<string> Parameters { get; } = [];
}

/// <summary>
/// Finds the Verb-Noun commands in a PowerShell script and the -Parameter names passed to each: a small tokenizer
/// that knows comments (# and &lt;# #&gt;), single- and double-quoted strings and here-strings (skipped: they are
/// data), backtick line continuations, and where a command's statement ends (newline, ';', '|', or the bracket it
/// sits in closing). A -word inside brackets opened after the command ((...), {...}, @(...)) is an operator or a
/// nested command's parameter, not the outer command's. Enough for the scripts we generate; not a PowerShell parser.
/// </summary>
internal static partial class PowerShellCommands
{
    [GeneratedRegex("^[A-Za-z]+-[A-Za-z]+$")]
    private static partial Regex VerbNoun();

    [GeneratedRegex("^-[A-Za-z][A-Za-z0-9]*:?$")]
    private static partial Regex ParameterName();

    public static IReadOnlyList<PowerShellCommand> Find(string script)
    {
        var commands = new List<PowerShellCommand>();
        // One entry per open bracket: the command whose statement is running at that depth, or null.
        var statements = new Stack<PowerShellCommand?>();
        statements.Push(null);
        var line = 1;
        var i = 0;
        var word = new StringBuilder();

        void EndWord()
        {
            if (word.Length == 0)
            {
                return;
            }

            var text = word.ToString();
            word.Clear();
            var current = statements.Peek();
            if (current is null && VerbNoun().IsMatch(text))
            {
                var command = new PowerShellCommand(text, line);
                commands.Add(command);
                statements.Pop();
                statements.Push(command);
            }
            else if (current is not null && ParameterName().IsMatch(text))
            {
                current.Parameters.Add(text.TrimStart('-').TrimEnd(':'));
            }
        }

        void EndStatement()
        {
            statements.Pop();
            statements.Push(null);
        }

        while (i < script.Length)
        {
            var c = script[i];
            var next = i + 1 < script.Length ? script[i + 1] : '\0';
            if (c == '<' && next == '#')
            {
                EndWord();
                var end = script.IndexOf("#>", i + 2, StringComparison.Ordinal);
                end = end < 0 ? script.Length : end + 2;
                line += script[i..end].Count(ch => ch == '\n');
                i = end;
            }
            else if (c == '#' && word.Length == 0)
            {
                while (i < script.Length && script[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '@' && next is '\'' or '"' && word.Length == 0)
            {
                // Here-string: runs to the quote-@ that starts a line.
                var terminator = "\n" + next + "@";
                var end = script.IndexOf(terminator, i + 2, StringComparison.Ordinal);
                end = end < 0 ? script.Length : end + terminator.Length;
                line += script[i..end].Count(ch => ch == '\n');
                i = end;
            }
            else if (c is '\'' or '"' && word.Length == 0)
            {
                i = SkipString(script, i, ref line);
            }
            else if (c == '`')
            {
                // An escaped character; backtick-newline continues the statement on the next line.
                EndWord();
                if (next == '\n')
                {
                    line++;
                }

                i += 2;
            }
            else if (c == '\n' || c == ';' || c == '|')
            {
                EndWord();
                EndStatement();
                line += c == '\n' ? 1 : 0;
                i++;
            }
            else if (c is '(' or '{' or '[')
            {
                EndWord();
                statements.Push(null);
                i++;
            }
            else if (c is ')' or '}' or ']')
            {
                EndWord();
                if (statements.Count > 1)
                {
                    statements.Pop();
                }

                i++;
            }
            else if (char.IsWhiteSpace(c) || c is ',' or '=' or '+')
            {
                EndWord();
                i++;
            }
            else
            {
                word.Append(c);
                i++;
            }
        }

        EndWord();
        return commands;
    }

    /// <summary>Past a '...' ('' is a quote) or "..." (`x and "" escape) string.</summary>
    private static int SkipString(string script, int start, ref int line)
    {
        var quote = script[start];
        var i = start + 1;
        while (i < script.Length)
        {
            var c = script[i];
            if (c == '\n')
            {
                line++;
            }

            if (quote == '"' && c == '`')
            {
                i += 2;
                continue;
            }

            if (c == quote)
            {
                if (i + 1 < script.Length && script[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return i;
    }
}
