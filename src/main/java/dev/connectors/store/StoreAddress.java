package dev.connectors.store;

import dev.connectors.model.StoreCommand;

/** One event-bus address per command type, so each command has its own consumer. */
final class StoreAddress {

  private StoreAddress() {
  }

  static String of(Class<?> commandType) {
    return "connector-service.store." + commandType.getSimpleName();
  }

  static String of(StoreCommand<?> command) {
    return of(command.getClass());
  }
}
