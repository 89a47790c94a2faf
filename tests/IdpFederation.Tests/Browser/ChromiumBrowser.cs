using System.Drawing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace IdpFederation.Tests.Browser;

/// <summary>
/// Debian's headless Chromium driven through Debian's chromedriver, with JavaScript off: the sign-in pages work
/// without script, and the final auto-post page then stays on its &lt;noscript&gt; button instead of going to Entra
/// (there is no network here). Nothing is downloaded: the browser and the driver are named explicitly, so Selenium
/// Manager is never asked.
/// </summary>
internal sealed class ChromiumBrowser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverDirectory = "/usr/bin";
    public const string DriverFile = "chromedriver";

    /// <summary>The pages are a 440 px card; this is a phone-sized window around it.</summary>
    public static readonly Size WindowSize = new(520, 900);

    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(20);

    private readonly string _baseUrl;
    private readonly string _profile;
    private readonly ChromeDriver _driver;

    private ChromiumBrowser(string baseUrl, string profile, ChromeDriver driver)
    {
        _baseUrl = baseUrl.TrimEnd('/');
        _profile = profile;
        _driver = driver;
    }

    public IWebDriver Driver => _driver;

    /// <summary>Path and query of the page shown now.</summary>
    public string PathAndQuery => new Uri(_driver.Url).PathAndQuery;

    /// <summary>Where screenshots go: $IDPFED_SCREENSHOTS_DIR when set (docs/screenshots for the committed ones), else a temp folder.</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("IDPFED_SCREENSHOTS_DIR");
            return string.IsNullOrWhiteSpace(configured) ? Path.Combine(Path.GetTempPath(), "idpfed-screenshots") : Path.GetFullPath(configured);
        }
    }

    public static ChromiumBrowser Start(string baseUrl)
    {
        var driverPath = Path.Combine(DriverDirectory, DriverFile);
        var missing = new[] { ChromiumPath, driverPath }.Where(p => !File.Exists(p)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException(
                $"Browser tests need Debian's headless Chromium: {string.Join(" and ", missing)} not found. " +
                "Install chromium and chromium-driver (scripts/test.sh does): apt-get install -y chromium chromium-driver");
        }

        var profile = Path.Combine(Path.GetTempPath(), "idpfed-chromium-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(profile);
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--disable-dev-shm-usage",
            "--user-data-dir=" + profile,
            $"--window-size={WindowSize.Width},{WindowSize.Height}");
        options.AddUserProfilePreference("profile.managed_default_content_settings.javascript", 2);

        var service = ChromeDriverService.CreateDefaultService(DriverDirectory, DriverFile);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        ChromeDriver driver;
        try
        {
            driver = new ChromeDriver(service, options, PageTimeout);
        }
        catch
        {
            service.Dispose();
            TryDelete(profile);
            throw;
        }

        driver.Manage().Timeouts().PageLoad = PageTimeout;
        return new ChromiumBrowser(baseUrl, profile, driver);
    }

    /// <summary>Opens a path on the server and waits for <paramref name="expectCss"/> to be on the page.</summary>
    public void GoTo(string pathAndQuery, string expectCss)
    {
        _driver.Navigate().GoToUrl(_baseUrl + pathAndQuery);
        WaitFor(expectCss);
    }

    public IWebElement Find(string css) => _driver.FindElement(By.CssSelector(css));

    public IReadOnlyList<IWebElement> FindAll(string css) => _driver.FindElements(By.CssSelector(css));

    /// <summary>Clears the input and types into it key by key, as a user would.</summary>
    public void Type(string css, string text)
    {
        var input = Find(css);
        input.Clear();
        input.SendKeys(text);
    }

    /// <summary>Clicks (a button or link that loads a new page) and waits until the new page shows <paramref name="expectCss"/>.</summary>
    public void ClickAndWaitFor(string clickCss, string expectCss)
    {
        var before = Find("html");
        Find(clickCss).Click();
        Wait().Until(driver =>
        {
            try
            {
                _ = before.TagName;
                return false;
            }
            catch (StaleElementReferenceException)
            {
                return true;
            }
            catch (UnknownErrorException ex) when (ex.Message.Contains("does not belong to the document", StringComparison.Ordinal))
            {
                // Newer chromedrivers report an element of an unloaded page this way instead of as stale.
                return true;
            }
        });
        WaitFor(expectCss);
    }

    public void WaitFor(string css)
    {
        try
        {
            Wait().Until(d => d.FindElements(By.CssSelector(css)).Count > 0);
        }
        catch (WebDriverTimeoutException ex)
        {
            throw new InvalidOperationException($"Expected {css} on {_driver.Url}, the page is:\n{_driver.PageSource}", ex);
        }
    }

    private WebDriverWait Wait() => new(_driver, PageTimeout) { PollingInterval = TimeSpan.FromMilliseconds(50) };

    /// <summary>A new session for the server: the cookies are gone, as in a fresh browser.</summary>
    public void ForgetCookies() => _driver.Manage().Cookies.DeleteAllCookies();

    /// <summary>Saves the whole page as <paramref name="fileName"/> in <see cref="ScreenshotDirectory"/> and returns its path.</summary>
    public string SaveScreenshot(string fileName)
    {
        var directory = ScreenshotDirectory;
        System.IO.Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        File.WriteAllBytes(path, FullPagePng());
        return path;
    }

    /// <summary>The document's width and the viewport's, in CSS pixels: a wider document scrolls sideways.</summary>
    public (double Content, double Viewport) ContentAndViewportWidth()
    {
        var metrics = LayoutMetrics();
        return (Number(metrics, "cssContentSize", "width"), Number(metrics, "cssLayoutViewport", "clientWidth"));
    }

    /// <summary>The window, or the whole document when it is taller than the window.</summary>
    private byte[] FullPagePng()
    {
        var metrics = LayoutMetrics();
        var width = Math.Ceiling(Number(metrics, "cssContentSize", "width"));
        var height = Math.Ceiling(Number(metrics, "cssContentSize", "height"));
        var shot = Cdp("Page.captureScreenshot", new Dictionary<string, object?>
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new Dictionary<string, object> { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = height, ["scale"] = 1 },
        });
        return Convert.FromBase64String((string)shot["data"]);
    }

    private Dictionary<string, object> LayoutMetrics() => Cdp("Page.getLayoutMetrics", []);

    private Dictionary<string, object> Cdp(string command, Dictionary<string, object?> parameters) =>
        _driver.ExecuteCdpCommand(command, parameters) as Dictionary<string, object>
        ?? throw new InvalidOperationException("Chromium gave no result for " + command);

    private static double Number(Dictionary<string, object> metrics, string group, string name) =>
        Convert.ToDouble(((Dictionary<string, object>)metrics[group])[name], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            _driver.Quit();
        }
        finally
        {
            _driver.Dispose();
            TryDelete(_profile);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
