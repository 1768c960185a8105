using System.Diagnostics;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Chromium;
using OpenQA.Selenium.Support.UI;

namespace MessageBoard.Tests.Browser;

/// <summary>
/// The system's Chromium (Debian: packages chromium and chromium-driver), headless, driven through its own chromedriver.
/// Both paths are given to Selenium, so Selenium Manager never runs and nothing is downloaded.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    private HeadlessChromium(ChromeDriver driver) => Driver = driver;

    public ChromeDriver Driver { get; }

    /// <summary>A desktop window of the given size; the test is ignored (not passed) when Chromium is not installed.</summary>
    public static HeadlessChromium Desktop(int width, int height) => Launch(options => options.AddArgument($"--window-size={width},{height}"));

    /// <summary>A phone: a touch screen of the given CSS pixel size where the page's viewport meta tag counts, as on a real phone.</summary>
    /// <remarks>Chrome's mobile emulation needs a user agent; this one is an Android phone's.</remarks>
    public static HeadlessChromium Phone(int width, int height) => Launch(options =>
    {
        options.AddArgument($"--window-size={width},{height}");
        options.EnableMobileEmulation(new ChromiumMobileEmulationDeviceSettings
        {
            Width = width,
            Height = height,
            PixelRatio = 2,
            EnableTouchEvents = true,
            UserAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36",
        });
    });

    public void Open(Uri url) => Driver.Navigate().GoToUrl(url);

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public IReadOnlyList<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    /// <summary>Clicks a link or submit button and returns once the next page has loaded.</summary>
    /// <remarks>
    /// A click does not wait for the navigation it starts, so this waits until the old document is gone
    /// (its root element goes stale) and the new one has finished loading.
    /// </remarks>
    public void ClickAndWaitForPage(string css)
    {
        var oldRoot = Driver.FindElement(By.TagName("html"));
        Find(css).Click();
        var wait = new WebDriverWait(Driver, s_wait)
        {
            Message = $"no new page after clicking {css}",
            PollingInterval = TimeSpan.FromMilliseconds(50),
        };
        wait.Until(_ => IsStale(oldRoot));
        wait.Until(driver => Equals(((IJavaScriptExecutor)driver).ExecuteScript("return document.readyState"), "complete"));
    }

    /// <summary>Clears a field and types into it, key by key, as a person would.</summary>
    public void Type(string css, string text)
    {
        var field = Find(css);
        field.Clear();
        field.SendKeys(text);
    }

    public T Script<T>(string script) => (T)Driver.ExecuteScript(script)!;

    /// <summary>Saves a PNG of the viewport and attaches it to the test result.</summary>
    public string SaveScreenshot(string name)
    {
        string directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{TestContext.CurrentContext.Test.MethodName}-{name}.png");
        Driver.GetScreenshot().SaveAsFile(path);
        TestContext.AddTestAttachment(path, name);
        return path;
    }

    /// <summary>Quits the browser and the driver process.</summary>
    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }

    private static HeadlessChromium Launch(Action<ChromeOptions> configure)
    {
        string browser = FindOnPath("chromium") ?? IgnoreTest("chromium");
        string driverPath = FindOnPath("chromedriver") ?? IgnoreTest("chromedriver");

        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox",                     // CI runs as root, where Chromium's sandbox cannot start
            "--disable-gpu",
            "--disable-dev-shm-usage",          // containers often have a tiny /dev/shm
            "--disable-background-networking",  // there is no network to update components or sync from
            "--disable-extensions",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",                // screenshots show the page only; overflow is still measurable
            "--lang=en-US");
        // The console, CSP violations included, for Driver.Manage().Logs.GetLog(LogType.Browser).
        options.SetLoggingPreference(LogType.Browser, OpenQA.Selenium.LogLevel.All);
        configure(options);

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        try
        {
            var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(30));
            driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(15);
            return new HeadlessChromium(driver);
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    private static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);

    private static string IgnoreTest(string executable)
    {
        Assert.Ignore($"{executable} is not on PATH: the browser tests need Debian's chromium and chromium-driver packages (.ci/run installs them).");
        throw new UnreachableException();
    }

    private static bool IsStale(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return false;
        }
        catch (StaleElementReferenceException)
        {
            return true;
        }
        catch (UnknownErrorException e) when (e.Message.Contains("does not belong to the document", StringComparison.Ordinal))
        {
            // Newer chromedriver builds report a node of the page being replaced this way instead of as stale.
            return true;
        }
    }
}
