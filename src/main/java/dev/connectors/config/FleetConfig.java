package dev.connectors.config;

import java.time.Duration;
import java.util.Map;

/**
 * When the fleet endpoints (beyond Elasticsearch) call a connector offline and a running sync
 * job idle. Kibana decides both in the browser (a connector unseen for 30 minutes, a job unseen
 * for a minute); here the server decides, with the same defaults.
 *
 * @param offlineAfter a live connector is offline when {@code coalesce(last_seen, created_at)}
 *     is older than this ({@code OFFLINE_AFTER})
 * @param idleJobAfter an {@code in_progress} or {@code canceling} job is idle when its
 *     {@code last_seen} is older than this ({@code IDLE_JOB_AFTER})
 * @param errorHistoryMax the newest entries of a connector's error history that are kept
 *     ({@code ERROR_HISTORY_MAX}); older ones are pruned on an interval, never shown; 0: no
 *     history is written at all (it costs about a quarter of coalesced {@code _error} throughput)
 * @param housekeepingInterval how often an instance does its upkeep ({@code HOUSEKEEPING_INTERVAL})
 * @param idleJobTimeout an idle job unseen this long is set to {@code error} ({@code IDLE_JOB_TIMEOUT};
 *     zero: never)
 * @param syncJobRetention finished jobs are deleted this long after they finished
 *     ({@code SYNC_JOB_RETENTION}; zero: kept)
 * @param changesRetention how long a change stays resumable for {@code GET /_connector/_watch}
 *     ({@code CHANGES_RETENTION}); older changes are deleted by the housekeeping
 * @param watchHeartbeat a watch stream quiet this long gets a comment line, so that proxies keep
 *     it open ({@code WATCH_HEARTBEAT})
 * @param maxWatchers watch streams one instance serves at once ({@code MAX_WATCHERS}); past it, 429
 */
public record FleetConfig(Setting offlineAfter, Setting idleJobAfter, int errorHistoryMax,
    Setting housekeepingInterval, Setting idleJobTimeout, Setting syncJobRetention, Setting changesRetention,
    Setting watchHeartbeat, int maxWatchers) {

  /** A duration as configured: {@code text} is what the API echoes ({@code "30m"}). */
  public record Setting(String text, Duration value) {
  }

  static FleetConfig fromEnv(Map<String, String> env) {
    return new FleetConfig(setting(env, "OFFLINE_AFTER", "30m"), setting(env, "IDLE_JOB_AFTER", "1m"),
        AppConfig.integer(env, "ERROR_HISTORY_MAX", 100, 0, 100_000), setting(env, "HOUSEKEEPING_INTERVAL", "10s"),
        settingOrOff(env, "IDLE_JOB_TIMEOUT", "10m"), settingOrOff(env, "SYNC_JOB_RETENTION", "30d"),
        setting(env, "CHANGES_RETENTION", "1h"), setting(env, "WATCH_HEARTBEAT", "15s"),
        AppConfig.integer(env, "MAX_WATCHERS", 10_000, 0, 1_000_000));
  }

  /** A duration where {@code 0} turns the rule off. */
  private static Setting settingOrOff(Map<String, String> env, String name, String fallback) {
    return env.getOrDefault(name, fallback).trim().equals("0") ? new Setting("0", Duration.ZERO)
        : setting(env, name, fallback);
  }

  private static Setting setting(Map<String, String> env, String name, String fallback) {
    String text = env.getOrDefault(name, fallback).trim();
    return new Setting(text, AppConfig.duration(env, name, fallback));
  }
}
