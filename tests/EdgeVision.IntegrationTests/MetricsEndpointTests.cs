using EdgeVision.Service.Cli;
using EdgeVision.Service.Configuration;
using EdgeVision.Service.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeVision.IntegrationTests;

/// <summary><c>GET /metrics</c> over HTTP from the whole service, as a Prometheus server scrapes it.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task A_scrape_of_the_running_service_gets_valid_exposition_text_with_the_format_0_0_4_content_type()
    {
        var shipped = ServiceSettingsLoader.Load(RepositoryFiles.ShippedConfig);
        var camera = shipped.Cameras[0];
        var settings = shipped with
        {
            DataDirectory = Directory.CreateTempSubdirectory("edgevision-data-").FullName, // this run's outbox only
            Cameras = [camera with { Synthetic = camera.Synthetic with { FramesPerSecond = 20 }, WatchRecipe = false }],
            Mqtt = shipped.Mqtt with { Port = LoopbackPort.Free() },
            Web = new WebSettings(true, "http://127.0.0.1:0"),
        };
        var app = EdgeVisionApp.Build(settings);
        await app.StartAsync();
        try
        {
            var runtime = app.Services.GetRequiredService<EdgeVisionRuntime>();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (runtime.Cameras[0].Results < 5)
            {
                Assert.True(DateTime.UtcNow < deadline, "no 5 results within 60 s");
                await Task.Delay(50);
            }

            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            var metrics = PrometheusText.Parse(body);
            var inspected = metrics.Value("edgevision_inspections_total", ("camera", "cam1"), ("verdict", "pass"))
                + metrics.Value("edgevision_inspections_total", ("camera", "cam1"), ("verdict", "fail"));
            Assert.True(inspected >= 5, $"{inspected} inspections");
            Assert.True(metrics.Value("edgevision_frames_acquired_total", ("camera", "cam1")) >= inspected);
            Assert.Equal(1, metrics.Value("edgevision_recipe_info", ("camera", "cam1"), ("recipe", camera.Recipe.Name), ("checksum", camera.Recipe.Checksum)));
            Assert.Equal("summary", metrics.Types["edgevision_cycle_time_seconds"]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
