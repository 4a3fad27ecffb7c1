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
 *     ({@code ERROR_HISTORY_MAX}); older ones are pruned on an interval, never shown
 * @param housekeepingInterval how often an instance does its upkeep ({@code HOUSEKEEPING_INTERVAL})
 */
public record FleetConfig(Setting offlineAfter, Setting idleJobAfter, int errorHistoryMax,
    Setting housekeepingInterval) {

  /** A duration as configured: {@code text} is what the API echoes ({@code "30m"}). */
  public record Setting(String text, Duration value) {
  }

  static FleetConfig fromEnv(Map<String, String> env) {
    return new FleetConfig(setting(env, "OFFLINE_AFTER", "30m"), setting(env, "IDLE_JOB_AFTER", "1m"),
        AppConfig.integer(env, "ERROR_HISTORY_MAX", 100, 1, 100_000), setting(env, "HOUSEKEEPING_INTERVAL", "10s"));
  }

  private static Setting setting(Map<String, String> env, String name, String fallback) {
    String text = env.getOrDefault(name, fallback).trim();
    return new Setting(text, AppConfig.duration(env, name, fallback));
  }
}
