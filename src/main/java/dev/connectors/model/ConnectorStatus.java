package dev.connectors.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The connector lifecycle states of the Connector Protocol, named as they are on the wire. */
public enum ConnectorStatus {
  CREATED, NEEDS_CONFIGURATION, CONFIGURED, CONNECTED, ERROR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Connector Protocol's transitions: the statuses a connector may move to from this one. */
  public Set<ConnectorStatus> next() {
    return switch (this) {
      case CREATED -> EnumSet.of(NEEDS_CONFIGURATION, ERROR);
      case NEEDS_CONFIGURATION -> EnumSet.of(CONFIGURED, ERROR);
      case CONFIGURED -> EnumSet.of(NEEDS_CONFIGURATION, CONFIGURED, CONNECTED, ERROR);
      case CONNECTED -> EnumSet.of(CONNECTED, CONFIGURED, ERROR);
      case ERROR -> EnumSet.of(CONNECTED, CONFIGURED, ERROR);
    };
  }

  /** The statuses from which a connector may move to this one, by wire name. */
  public List<String> allowedFrom() {
    return EnumSet.allOf(ConnectorStatus.class).stream()
        .filter(from -> from.next().contains(this))
        .map(ConnectorStatus::wireName)
        .toList();
  }

  /** The status with this wire name, or null when there is none. */
  public static ConnectorStatus fromWireNameOrNull(String value) {
    for (ConnectorStatus status : values()) {
      if (status.wireName().equals(value)) {
        return status;
      }
    }
    return null;
  }

  /** A new connector starts here: native connectors must be configured first. */
  public static ConnectorStatus initial(boolean isNative) {
    return isNative ? NEEDS_CONFIGURATION : CREATED;
  }
}
