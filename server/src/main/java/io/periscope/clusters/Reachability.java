package io.periscope.clusters;

import java.time.Instant;

/** The last known reachability of a cluster, as seen by the background probe. */
public record Reachability(Status status, String message, Instant checkedAt, String version) {
  public enum Status {
    REACHABLE, UNREACHABLE, UNKNOWN;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final Reachability UNKNOWN = new Reachability(Status.UNKNOWN, null, null, null);
}
