package io.periscope.audit.store;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditSink;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A durable, hash-chained audit log. Implementations: {@link SqliteAuditStore} (one replica) and
 * {@link PostgresAuditStore} (shared by replicas). Ids are assigned on append, contiguous, in
 * chain order; appends from several processes serialize on the chain head.
 */
public interface AuditStore extends AuditSink, AutoCloseable {

  /** Appends the batch in one transaction, extending the hash chain. */
  void append(List<AuditEvent> batch);

  @Override
  default void write(List<AuditEvent> batch) {
    append(batch);
  }

  /** Newest first; rows with id below {@code beforeId} when given (keyset pagination). */
  Page query(AuditFilter filter, OptionalLong beforeId, int limit);

  /**
   * The row with this id, when {@code filter} (the caller's read scope) lets it through. A row
   * that exists but is out of scope is empty too: the caller cannot tell it from a missing one.
   */
  Optional<StoredEvent> find(long id, AuditFilter filter);

  /**
   * Streams every matching row, oldest first, from a database cursor: rows are handed over as
   * they are read and never collected in memory.
   *
   * @return the number of rows handed over
   */
  long export(AuditFilter filter, RowHandler handler) throws IOException;

  /** Recomputes the chain from the anchor to the head and reports the first broken link. */
  ChainVerification verify();

  /**
   * Deletes the oldest rows: those older than {@code olderThan} and, when {@code maxBytes > 0}
   * and the store is larger, enough of the oldest rows to bring it to about 90% of the cap.
   * Moves the anchor to the last deleted row so the rest of the chain still verifies.
   */
  PruneResult prune(Optional<Instant> olderThan, long maxBytes);

  /** Current size in bytes as used for the size cap. */
  long sizeBytes();

  /** Rows currently stored. */
  long count();

  @Override
  void close();

  /** Receives exported rows one at a time. */
  @FunctionalInterface
  interface RowHandler {
    void accept(StoredEvent row) throws IOException;
  }
}
