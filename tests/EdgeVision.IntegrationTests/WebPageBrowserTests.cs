using EdgeVision.Service.Cli;
using EdgeVision.Service.Configuration;
using Microsoft.Playwright;

namespace EdgeVision.IntegrationTests;

/// <summary>The live page in a real headless Chromium (Debian's <c>chromium</c>, driven by Playwright).</summary>
public sealed class WebPageBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_page_shows_the_annotated_frame_and_counters_that_grow()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is required: deploy-scripts/test.sh installs it");
        var shipped = ServiceSettingsLoader.Load(RepositoryFiles.ShippedConfig);
        var settings = shipped with
        {
            DataDirectory = Directory.CreateTempSubdirectory("edgevision-data-").FullName, // this run's outbox only
            Cameras = [shipped.Cameras[0] with { Synthetic = shipped.Cameras[0].Synthetic with { FramesPerSecond = 20, Seed = 9 } }],
            Mqtt = shipped.Mqtt with { Port = LoopbackPort.Free() }, // embedded broker, away from a real 1883
            Web = new WebSettings(true, "http://127.0.0.1:0"),
        };
        await using var app = EdgeVisionApp.Build(settings);
        await app.StartAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(app.Urls.First());

        // The frame loads as a real image of the configured size.
        // Read the width in the same check: the page swaps the image's source twice a second, and a new one has no width until it loads.
        var loaded = await page.WaitForFunctionAsync("() => { const i = document.getElementById('frame'); return i.complete && i.naturalWidth > 0 ? i.naturalWidth : 0; }", null, new() { Timeout = 30_000 });
        var width = await loaded.JsonValueAsync<int>();
        Assert.Equal(settings.Cameras[0].Synthetic.Width, width);

        // Counters are shown and grow as parts pass.
        var first = await Total(page);
        await page.WaitForFunctionAsync($"() => {{ const c = document.querySelector('.camera'); return c && (+c.querySelector('[data-passed]').textContent + +c.querySelector('[data-failed]').textContent) > {first}; }}", null, new() { Timeout = 30_000 });
        Assert.True(await Total(page) > first);

        // The results table lists verdicts.
        var rows = await page.Locator("#results tr").CountAsync();
        Assert.InRange(rows, 1, 20);
        var verdict = await page.Locator("#results tr td:nth-child(3)").First.TextContentAsync();
        Assert.Contains(verdict, new[] { "pass", "fail" });

        // The GPIO panel shows the station's reject pulse count.
        var gpio = await page.Locator("#gpio").TextContentAsync();
        Assert.Matches(@"reject pulses \d+", gpio);

        // The header shows the MQTT connection (to the embedded broker here) with its counters.
        await page.WaitForFunctionAsync("() => /MQTT connected, published [1-9]/.test(document.getElementById('mqtt').textContent)", null, new() { Timeout = 30_000 });
        Assert.Matches(@"^MQTT connected, published \d+, backlog \d+, reconnects 0$", await page.Locator("#mqtt").TextContentAsync());
        await app.StopAsync();
    }

    private static async Task<int> Total(IPage page)
    {
        await page.WaitForSelectorAsync(".camera [data-passed]", new() { Timeout = 30_000 });
        var passed = int.Parse(await page.Locator(".camera [data-passed]").First.TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var failed = int.Parse(await page.Locator(".camera [data-failed]").First.TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        return passed + failed;
    }

}
