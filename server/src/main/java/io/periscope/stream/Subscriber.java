package io.periscope.stream;

import java.util.Map;

/**
 * One stream's subscription attached to a {@link SharedWatch}: turns the watch's events into this
 * stream's events, with this stream's subscription id and position. It skips events at or before
 * the resourceVersion it started from (its list already shows them), which is what lets a
 * subscription join a watch that was opened earlier for another tab of the same person.
 */
final class Subscriber {
  private final String id;
  private final LiveStream stream;
  private volatile String from;
  private volatile long fromNumber;
  private boolean ready; // guarded by the SharedWatch's lock

  Subscriber(String id, LiveStream stream, String from) {
    this.id = id;
    this.stream = stream;
    startFrom(from);
  }

  String id() {
    return id;
  }

  String from() {
    return from;
  }

  long fromNumber() {
    return fromNumber;
  }

  private void startFrom(String rv) {
    this.from = rv;
    this.fromNumber = ResourceVersions.number(rv);
    stream.updatePosition(id, rv);
  }

  /** Called once the watch is established (or at once when joining an established one). */
  void ready() {
    if (!ready) {
      ready = true;
      stream.emit(new StreamEvent("ready", id, Map.of("resourceVersion", from), null));
    }
  }

  /** A change or bookmark; {@code payload} is null for bookmarks (they only move the position). */
  void deliver(String rv, long rvNumber, PreparedJson payload) {
    if (rvNumber >= 0 && fromNumber >= 0 && rvNumber <= fromNumber) {
      return; // already in the list this subscription started from
    }
    String position = rv == null ? null : stream.updatePosition(id, rv);
    if (payload != null) {
      stream.emit(new StreamEvent("change", id, payload, position));
    }
  }

  /** The watch restarted from {@code rv} after 410 Gone: the browser must refetch its list. */
  void resync(String rv, String reason) {
    startFrom(rv);
    stream.emit(new StreamEvent("resync", id, Map.of("resourceVersion", rv, "reason", reason), null));
  }

  void fail(StreamFailure failure) {
    stream.emit(new StreamEvent("error", id, Map.of("status", failure.status(), "message", failure.message()), null));
  }
}
