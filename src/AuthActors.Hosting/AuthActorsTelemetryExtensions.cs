using AuthActors.Engine.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AuthActors.Hosting;

/// <summary>
/// Registers OpenTelemetry for the engine's <c>AuthActors</c> meter and activity source
/// (<see cref="AuthActorsTelemetry"/>), with exporters chosen by configuration.
/// </summary>
/// <remarks>
/// Configuration keys (all optional):
/// <list type="bullet">
/// <item><c>AuthActors:Telemetry:OtlpEndpoint</c>: when set (for example <c>http://otel-collector:4317</c>), metrics and
/// traces are exported over OTLP to this endpoint.</item>
/// <item><c>AuthActors:Telemetry:OtlpProtocol</c>: <c>Grpc</c> (the default) or <c>HttpProtobuf</c>; with <c>HttpProtobuf</c>
/// the endpoint is the collector's base URL (<c>/v1/metrics</c> and <c>/v1/traces</c> are appended).</item>
/// <item><c>AuthActors:Telemetry:Console</c>: <c>true</c> writes metrics and spans to the console (off by default; for development).</item>
/// <item><c>AuthActors:Telemetry:ServiceName</c>: the <c>service.name</c> resource attribute (<c>authactors</c> by default).</item>
/// </list>
/// Without an exporter, the meter and the source are still registered, so that exporters added elsewhere
/// (<c>services.AddOpenTelemetry().WithMetrics(m =&gt; ...)</c>) see them.
/// </remarks>
public static class AuthActorsTelemetryExtensions
{
    /// <summary>The configuration section of the telemetry settings.</summary>
    public const string SectionName = "AuthActors:Telemetry";

    /// <summary>Adds OpenTelemetry metrics and tracing of the engine, with the exporters that <paramref name="configuration"/> asks for.</summary>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthActors(builder.Configuration).WithOpenTelemetry(builder.Configuration);
    /// </code>
    /// </example>
    /// <param name="builder">The engine's builder.</param>
    /// <param name="configuration">The configuration (its <c>AuthActors:Telemetry</c> section).</param>
    /// <param name="metrics">More metrics configuration (instrumentations, views, exporters).</param>
    /// <param name="tracing">More tracing configuration (instrumentations, samplers, exporters).</param>
    public static AuthActorsBuilder WithOpenTelemetry(this AuthActorsBuilder builder, IConfiguration configuration,
        Action<MeterProviderBuilder>? metrics = null, Action<TracerProviderBuilder>? tracing = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var endpoint = section["OtlpEndpoint"] is { Length: > 0 } e ? new Uri(e, UriKind.Absolute) : null;
        var protocol = section.GetValue("OtlpProtocol", OtlpExportProtocol.Grpc);
        var console = section.GetValue<bool>("Console");
        var serviceName = section["ServiceName"] is { Length: > 0 } name ? name : "authactors";
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m =>
            {
                m.AddMeter(AuthActorsTelemetry.Name);
                if (endpoint is not null)
                {
                    m.AddOtlpExporter(o => Otlp(o, endpoint, protocol, "v1/metrics"));
                }

                if (console)
                {
                    m.AddConsoleExporter();
                }

                metrics?.Invoke(m);
            })
            .WithTracing(t =>
            {
                t.AddSource(AuthActorsTelemetry.Name);
                if (endpoint is not null)
                {
                    t.AddOtlpExporter(o => Otlp(o, endpoint, protocol, "v1/traces"));
                }

                if (console)
                {
                    t.AddConsoleExporter();
                }

                tracing?.Invoke(t);
            });
        return builder;
    }

    private static void Otlp(OtlpExporterOptions options, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        options.Protocol = protocol;
        // Over HTTP, an endpoint set in code is used as is: append the signal's path to the collector's base URL.
        options.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf && endpoint.AbsolutePath.Trim('/').Length == 0
            ? new Uri(endpoint, signalPath)
            : endpoint;
    }
}
