package dev.connectors.store;

import dev.connectors.model.StoreCommand;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.BiFunction;

/** How a feature's store registers its commands: one consumer per command type. */
interface CommandHandlers {

  /** The handler gets the command and its deadline (epoch ms) and answers with the reply. */
  <C extends StoreCommand<R>, R> MessageConsumer<C> serve(Class<C> type, BiFunction<C, Long, Future<R>> handler);
}
