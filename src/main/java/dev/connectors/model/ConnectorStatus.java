package dev.connectors.model;

import java.util.Locale;

/** The connector lifecycle states of the Connector Protocol, named as they are on the wire. */
public enum ConnectorStatus {
  CREATED, NEEDS_CONFIGURATION, CONFIGURED, CONNECTED, ERROR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ConnectorStatus fromWireName(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** A new connector starts here: native connectors must be configured first. */
  public static ConnectorStatus initial(boolean isNative) {
    return isNative ? NEEDS_CONFIGURATION : CREATED;
  }
}
