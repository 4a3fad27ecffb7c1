package dev.connectors.config;

/** A configuration value the service cannot start with; the message names the variable. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
