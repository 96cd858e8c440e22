package io.periscope.audit.store;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a query, newest first.
 *
 * @param nextBeforeId pass as {@code beforeId} to get the next (older) page; empty on the last page
 */
public record Page(List<StoredEvent> items, OptionalLong nextBeforeId) {
  public Page {
    items = List.copyOf(items);
  }
}
