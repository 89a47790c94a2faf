using IdpFederation.Core.Configuration;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Protocols.WsFederation;
using IdpFederation.Server.DevelopmentTools;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Pages.Dev;

/// <summary>
/// The development test relying party (Idp:Development:TestRelyingParty): receives the IdP's auto-post and shows the
/// token decoded and checked. Routed only in Development; answers 404 while the switch is off, so a reload that turns
/// it off closes the page and the realm together. The IdP's auto-post is a cross-site form POST, as every relying
/// party receives it, with no antiforgery token to give; the page changes nothing, so there is nothing to forge.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed partial class TestRelyingPartyModel : PageModel
{
    /// <summary>wresult is capped at <see cref="ReceivedTokenReader.MaxCharacters"/>; room for wctx (8 KB) and encoding.</summary>
    private const int MaxFormBytes = 128 * 1024;

    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TestRelyingPartyInspector _inspector;
    private readonly ILogger<TestRelyingPartyModel> _logger;

    public TestRelyingPartyModel(IOptionsMonitor<IdpOptions> options, TestRelyingPartyInspector inspector, ILogger<TestRelyingPartyModel> logger)
    {
        _options = options;
        _inspector = inspector;
        _logger = logger;
    }

    public TestRelyingPartyReport? Report { get; private set; }

    /// <summary>Why nothing could be checked (not a form, too large, a field posted twice).</summary>
    public string? Problem { get; private set; }

    public string Realm => DevelopmentTestRelyingParty.Realm;

    public string ReplyUrl => DevelopmentTestRelyingParty.ReplyUrl(_options.CurrentValue.PublicBaseUrl);

    public static string SignInUrl(bool mfa = false) =>
        "/adfs/ls/?wa=wsignin1.0&wtrealm=" + Uri.EscapeDataString(DevelopmentTestRelyingParty.Realm) + "&wctx=demo"
        + (mfa ? "&wauth=" + Uri.EscapeDataString(WsFederationConstants.AuthenticationTypes.MultipleAuthN) : "");

    /// <summary>Sign-out returns here: this page's URL is registered, so the IdP may redirect to it.</summary>
    public string SignOutUrl => "/adfs/ls/?wa=wsignout1.0&wreply=" + Uri.EscapeDataString(ReplyUrl);

    private bool Enabled => _options.CurrentValue.Development.TestRelyingParty == true;

    public IActionResult OnGet() => Enabled ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Enabled)
        {
            return NotFound();
        }

        // Read here rather than bound as handler arguments: MVC logs handler arguments at Trace, and wresult is a
        // bearer token that must never reach a log (architecture principle 9).
        var form = await ReadFormAsync().ConfigureAwait(false);
        if (form is null)
        {
            return Page();
        }

        var duplicate = new[] { WsFederationConstants.Parameters.Action, WsFederationConstants.Parameters.Result, WsFederationConstants.Parameters.Context }
            .FirstOrDefault(name => form[name].Count > 1);
        if (duplicate is not null)
        {
            Problem = $"{duplicate} was posted more than once; a relying party must refuse a message it cannot read one way only.";
            return Page();
        }

        Report = _inspector.Inspect(form[WsFederationConstants.Parameters.Action], form[WsFederationConstants.Parameters.Result], form[WsFederationConstants.Parameters.Context]);
        LogChecked(Report.Signature.Passed, Report.Accepted);
        return Page();
    }

    private async Task<IFormCollection?> ReadFormAsync()
    {
        if (!Request.HasFormContentType)
        {
            Problem = "Nothing was posted as a form; the IdP posts wa, wresult and wctx as application/x-www-form-urlencoded.";
            return null;
        }

        HttpContext.Features.Set<IFormFeature>(new FormFeature(Request,
            new FormOptions { BufferBodyLengthLimit = MaxFormBytes, ValueLengthLimit = MaxFormBytes, ValueCountLimit = 16 }));
        try
        {
            return await Request.ReadFormAsync(HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // The server's request-body cap has already refused anything larger; this is the field-count limit.
            Problem = "The post has more fields than a sign-in response carries.";
            return null;
        }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Development test relying party checked a posted token: signature valid {SignatureValid}, accepted {Accepted}")]
    private partial void LogChecked(bool signatureValid, bool accepted);
}
