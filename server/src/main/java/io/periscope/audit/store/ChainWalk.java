package io.periscope.audit.store;

import io.periscope.audit.store.ChainVerification.BrokenLink;
import java.util.Optional;

/** Walks rows in id order from the anchor, recomputing each hash; remembers the first break. */
final class ChainWalk {
  private final JdbcAuditStore.Chain chain;
  private String previousHash;
  private long expectedId;
  private long checked;
  private BrokenLink broken;

  ChainWalk(JdbcAuditStore.Chain chain) {
    this.chain = chain;
    this.previousHash = chain.anchorHash();
    this.expectedId = chain.anchorId() + 1;
  }

  /** @return false once a broken link is found (stop reading) */
  boolean accept(EventRow row, String storedHash) {
    String expected = HashChain.next(previousHash, row);
    if (row.id() > chain.headId()) {
      broken = new BrokenLink(row.id(), chain.headHash(), storedHash,
          "row " + row.id() + " lies beyond the chain head " + chain.headId() + ": inserted outside Periscope");
      return false;
    }
    if (row.id() != expectedId) {
      broken = new BrokenLink(row.id(), expected, storedHash,
          "row ids jump from " + (expectedId - 1) + " to " + row.id() + ": rows deleted or renumbered");
      return false;
    }
    if (!expected.equals(storedHash)) {
      broken = new BrokenLink(row.id(), expected, storedHash,
          "hash mismatch: row " + row.id() + " was edited, moved, or an earlier row was changed");
      return false;
    }
    checked++;
    previousHash = storedHash;
    expectedId++;
    return true;
  }

  ChainVerification finish() {
    if (broken == null && expectedId - 1 != chain.headId()) {
      broken = new BrokenLink(expectedId, chain.headHash(), previousHash,
          "chain head is row " + chain.headId() + " but rows end at " + (expectedId - 1) + ": newest rows deleted");
    } else if (broken == null && !previousHash.equals(chain.headHash())) {
      broken = new BrokenLink(chain.headId(), chain.headHash(), previousHash, "chain head hash does not match the last row");
    }
    return new ChainVerification(checked, chain.anchorId(), chain.headId(), chain.headHash(), Optional.ofNullable(broken));
  }
}
