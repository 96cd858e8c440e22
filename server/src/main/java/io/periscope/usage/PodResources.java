package io.periscope.usage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pod's effective request and limit of one resource, as the scheduler and {@code kubectl describe
 * node} count them: its containers' sum, plus sidecars (init containers that keep running), or the
 * largest one-shot init container (with the sidecars started before it) when that is more, plus the
 * pod's overhead (on limits only where the pod has one). A limit a container does not set adds nothing.
 */
final class PodResources {
  private PodResources() {}

  /** Adds the pod's request to {@code into[0]} and its limit to {@code into[1]}, in base units times {@code scale}. */
  static void add(JsonNode spec, String resource, int scale, long[] into) {
    for (int which = 0; which < 2; which++) {
      String kind = which == 0 ? "requests" : "limits";
      long containers = 0;
      for (JsonNode c : spec.path("containers")) {
        containers += of(c, kind, resource, scale);
      }
      long sidecars = 0;
      long initPeak = 0;
      for (JsonNode c : spec.path("initContainers")) {
        long amount = of(c, kind, resource, scale);
        if ("Always".equals(c.path("restartPolicy").asText())) {
          sidecars += amount;
        } else {
          initPeak = Math.max(initPeak, amount + sidecars);
        }
      }
      long amount = Math.max(containers + sidecars, initPeak);
      // Overhead counts towards a limit only where the pod has one (no limit stays no limit).
      long overhead = which == 0 || amount > 0 ? quantity(spec.path("overhead").path(resource), scale) : 0;
      into[which] += amount + overhead;
    }
  }

  private static long of(JsonNode container, String kind, String resource, int scale) {
    return quantity(container.path("resources").path(kind).path(resource), scale);
  }

  private static long quantity(JsonNode value, int scale) {
    Long amount = value.isTextual() || value.isNumber() ? NodeAllocation.amount(value.asText(), scale) : null;
    return amount == null ? 0 : amount;
  }
}
