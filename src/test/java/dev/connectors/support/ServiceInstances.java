package dev.connectors.support;

import dev.connectors.ConnectorService;
import dev.connectors.ServiceMetrics;
import dev.connectors.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Several instances of the service on one database, as replicas behind a load balancer run:
 * each on a Vert.x of its own (so they share nothing but PostgreSQL), each on its own port.
 * Started together, and all started or the call fails.
 */
public final class ServiceInstances implements AutoCloseable {

  public record Instance(Vertx vertx, ConnectorService service, Api api, AppConfig config) {
  }

  private final List<Instance> instances;

  private ServiceInstances(List<Instance> instances) {
    this.instances = instances;
  }

  /** {@code count} instances with the test environment of {@code testClass} and {@code extra} on top. */
  public static ServiceInstances start(int count, Class<?> testClass, Map<String, String> extra) throws Exception {
    return start(count, testClass, extra, false, new VertxOptions());
  }

  /** One instance on a Vert.x made with {@code options} (its thread checks, say). */
  public static ServiceInstances start(Class<?> testClass, Map<String, String> extra, VertxOptions options)
      throws Exception {
    return start(1, testClass, extra, false, options);
  }

  /** One instance whose Vert.x records its metrics for {@code /_metrics}, as {@code Main}'s does. */
  public static ServiceInstances startWithMetrics(Class<?> testClass) throws Exception {
    return start(1, testClass, Map.of(), true, new VertxOptions());
  }

  private static ServiceInstances start(int count, Class<?> testClass, Map<String, String> extra, boolean metrics,
      VertxOptions options) throws Exception {
    List<Vertx> vertxes = new ArrayList<>();
    List<AppConfig> configs = new ArrayList<>();
    List<Future<ConnectorService>> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, String> env = new HashMap<>(ServiceTest.environment(testClass));
      env.putAll(extra);
      AppConfig config = AppConfig.fromEnv(env);
      var registry = ServiceMetrics.registry();
      Vertx vertx = metrics ? ServiceMetrics.vertx(new VertxOptions().setEventLoopPoolSize(config.eventLoops()),
          registry, config.metricsDisabled()) : Vertx.vertx(options);
      vertxes.add(vertx);
      configs.add(config);
      started.add(ConnectorService.start(vertx, config, registry));
    }
    Future.all(started).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    List<Instance> instances = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ConnectorService service = started.get(i).result();
      instances.add(new Instance(vertxes.get(i), service, new Api(service.port()),
          configs.get(i).withHttpPort(service.port())));
    }
    return new ServiceInstances(instances);
  }

  public Instance get(int i) {
    return instances.get(i);
  }

  public List<Instance> all() {
    return instances;
  }

  @Override
  public void close() throws Exception {
    for (Instance instance : instances) {
      instance.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
