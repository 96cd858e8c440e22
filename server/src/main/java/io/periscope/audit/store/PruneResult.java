package io.periscope.audit.store;

/**
 * What a prune did.
 *
 * @param rowsDeleted rows removed (oldest first)
 * @param anchorId id of the last pruned row, now the chain's anchor
 * @param sizeBytesBefore store size before pruning (SQLite: used pages; PostgreSQL: relation size)
 */
public record PruneResult(long rowsDeleted, long anchorId, long sizeBytesBefore) {}
