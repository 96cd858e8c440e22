package io.periscope.audit.store;

import java.util.Optional;

/**
 * Result of walking the hash chain.
 *
 * @param rowsChecked rows whose hash was recomputed (up to the first break)
 * @param anchorId id of the last pruned row (0 if nothing was pruned); the walk starts after it
 * @param headId id of the last appended row according to the chain head
 * @param headHash hash of the last appended row; record it elsewhere to detect a full rewrite
 * @param brokenLink the first break, if any
 */
public record ChainVerification(
    long rowsChecked, long anchorId, long headId, String headHash, Optional<BrokenLink> brokenLink) {

  public boolean ok() {
    return brokenLink.isEmpty();
  }

  /** The first row whose stored hash is not the one the chain requires. */
  public record BrokenLink(long rowId, String expectedHash, String foundHash, String problem) {}
}
