using EdgeVision.Service.Configuration;
using EdgeVision.Service.Hosting;
using EdgeVision.Service.Runtime;
using EdgeVision.Service.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Service.Cli;

/// <summary>Builds the service's host (runtime, web page, systemd integration) from validated settings.</summary>
public static class EdgeVisionApp
{
    /// <summary>Creates the web application hosting the runtime; start it with <c>RunAsync</c> or <c>StartAsync</c>.</summary>
    public static WebApplication Build(ServiceSettings settings, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new EdgeVisionRuntime(settings, sp.GetRequiredService<ILogger<EdgeVisionRuntime>>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<RuntimeHostedService>();
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        if (settings.Web.Enabled)
        {
            builder.WebHost.UseUrls(settings.Web.Listen);
        }
        else
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        var app = builder.Build();
        if (settings.Web.Enabled)
        {
            WebEndpoints.Map(app, app.Services.GetRequiredService<EdgeVisionRuntime>());
        }

        return app;
    }
}
