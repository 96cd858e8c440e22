package io.periscope.agent.link;

import java.util.Optional;

/** Persists the agent's {@link Identity} so a restart needs no new registration token. */
interface StateStore {

  /**
   * The stored identity; empty when none is stored yet (first start).
   *
   * @throws StateStoreException when the store cannot be read
   */
  Optional<Identity> load();

  /**
   * Replaces the stored identity.
   *
   * @throws StateStoreException when it cannot be written; the previous identity is then unchanged
   */
  void save(Identity identity);

  /** The store's place, for messages. */
  String describe();

  /** The state could not be read or written; the message names the place and what to do. */
  final class StateStoreException extends RuntimeException {
    StateStoreException(String message) {
      super(message);
    }

    StateStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
