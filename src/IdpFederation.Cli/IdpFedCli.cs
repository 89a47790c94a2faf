using System.CommandLine;
using System.Data.Common;
using System.Security.Cryptography;
using IdpFederation.Core.Directory;
using IdpFederation.Core.State;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IdpFederation.Cli;

/// <summary>The idpfed admin command line. Every failure is one line on stderr and a non-zero exit code.</summary>
public static class IdpFedCli
{
    /// <param name="graphTransport">Test seam: the innermost HTTP handler for Microsoft Graph and Entra token requests.</param>
    /// <param name="configureServices">Test seam: changes to each command's services after the production registrations (a fake Entra).</param>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, Func<HttpMessageHandler>? graphTransport = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        var console = new CliConsole(stdin, stdout, stderr);
        var configDirectory = new Option<string?>("--config-dir")
        {
            Description = "Directory holding idpfederation.json (default: $IDPFED_CONFIG_DIR, else the nearest 'config' folder).",
            Recursive = true,
        };
        var context = new CliContext(console, configDirectory, graphTransport, configureServices);
        var root = new RootCommand("Administers the IdpFederation identity provider: users, roles, signing certificates, audit log, sessions, sign-in policy, MFA enrolment, provisioning and federation with Microsoft 365.")
        {
            configDirectory,
            UserCommands.Create(context),
            RoleCommands.Create(context),
            CertCommands.Create(context),
            AuditCommands.Create(context),
            PolicyCommands.Create(context),
            SessionCommands.Create(context),
            MfaCommands.Create(context),
            ProvisionCommands.Create(context),
            FederationCommands.Create(context),
        };
        CliConventions.Apply(root);

        ParseResult parseResult;
        try
        {
            parseResult = root.Parse(args);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            return Fail(stderr, ExitCodes.Usage, exception.Message);
        }

        if (ParseErrorLine.Describe(parseResult) is { } usageError)
        {
            return Fail(stderr, ExitCodes.Usage, usageError);
        }

        try
        {
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return await parseResult.InvokeAsync(invocation).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var (code, message) = Describe(exception);
            return Fail(stderr, code, message);
        }
    }

    private static (int Code, string Message) Describe(Exception exception) => exception switch
    {
        CliUsageException usage => (ExitCodes.Usage, usage.Message),
        CliRefusedException refused => (ExitCodes.Refused, refused.Message),
        DirectoryException directory => (ExitCodes.Refused, directory.Message),
        StateStoreUnavailableException state => (ExitCodes.Refused, SharedStateUnavailable(state)),
        OptionsValidationException options => (ExitCodes.Refused, "Configuration is invalid: " + options.Failures.FirstOrDefault()),
        InvalidDataException data => (ExitCodes.Refused, "Configuration is invalid: " + data.Message),
        CryptographicException crypto => (ExitCodes.Refused, "Cannot load the signing certificate: " + crypto.Message),
        DbUpdateException { InnerException: { } inner } => (ExitCodes.Refused, "Database error: " + inner.Message),
        DbException database => (ExitCodes.Refused, "Database error: " + database.Message),
        OperationCanceledException => (ExitCodes.Refused, "Cancelled."),
        InvalidOperationException or IOException or UnauthorizedAccessException => (ExitCodes.Refused, exception.Message),
        _ => (ExitCodes.Refused, $"Unexpected error ({exception.GetType().Name}): {exception.Message}"),
    };

    /// <summary>Names the setting to check: the exception alone says only that Redis did not answer.</summary>
    internal static string SharedStateUnavailable(StateStoreUnavailableException exception) =>
        $"Cannot reach Redis at Idp:State:Redis ({exception.Message.TrimEnd('.')}); check the setting and that Redis is running.";

    private static int Fail(TextWriter stderr, int code, string message)
    {
        // Exactly one line, whatever the exception text held, so scripts can log it and no stack trace leaks out.
        var oneLine = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        stderr.WriteLine(oneLine);
        return code;
    }
}
