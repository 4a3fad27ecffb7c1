package dev.connectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The metrics {@code GET /_metrics} shows in Prometheus text: Vert.x's HTTP server, pool and
 * event-bus metrics, the service's own (coalesced batch sizes), and the JVM's. Labels stay
 * bounded: routes ({@code /_connector/:id/_error}), never raw paths or connector ids.
 */
public final class ServiceMetrics {

  private static final double[] LATENCY_BUCKETS = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private static final Set<String> HTTP_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");

  private ServiceMetrics() {
  }

  /** A registry with the JVM's metrics bound to it. */
  public static PrometheusMeterRegistry registry() {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        // latency histograms for the requests by route and status, with a few fixed buckets:
        // cheap on the hot path, enough for SLO alerts
        return id.getName().equals("vertx.http.server.response.time")
            ? DistributionStatisticConfig.builder().serviceLevelObjectives(LATENCY_BUCKETS).build().merge(config)
            : config;
      }
    });
    // label values from a closed set: any method token a client sends would otherwise become one
    registry.config().meterFilter(MeterFilter.replaceTagValues("method",
        method -> HTTP_METHODS.contains(method) ? method : "OTHER"));
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  /**
   * A Vert.x instance whose HTTP, pool and event-bus metrics go to {@code registry}, but for the
   * {@code disabled} domains ({@code METRICS_DISABLED}).
   */
  public static Vertx vertx(VertxOptions options, PrometheusMeterRegistry registry, Set<String> disabled) {
    var metrics = new MicrometerMetricsOptions();
    disabled.forEach(domain -> metrics.addDisabledMetricsCategory(MetricsDomain.valueOf(domain)));
    options.setMetricsOptions(metrics
        .setEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE,
            Label.POOL_TYPE, Label.POOL_NAME, Label.EB_ADDRESS, Label.EB_FAILURE)));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
  }
}
