package io.periscope.karpenter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the message of a Karpenter {@code FailedScheduling} event ({@code "Failed to schedule pod, <error>"})
 * into one verdict per NodePool. Karpenter joins its per-pool errors with {@code "; "}. The forms it
 * has emitted since v1.0:
 * <ul>
 *   <li>{@code incompatible with nodepool "NAME", daemonset overhead={...}, <why>}</li>
 *   <li>{@code all available instance types exceed limits for nodepool: "NAME"} (v1.0, v1.1), and without the colon</li>
 *   <li>{@code compatible with nodepool "NAME" but failed to add pod while adhering to reservation fallback policy, <why>}
 *       (releases with capacity reservations)</li>
 *   <li>{@code all available instance types exceed limits for nodepool} with no name, and later
 *       {@code ... for nodepool (NodePool=NAME)}, once the pool became a structured value of the error
 *       (also {@code node limits have been exhausted for nodepool})</li>
 * </ul>
 * A part that names no pool becomes a verdict with a null {@code nodePool}: still classified.
 */
public final class SchedulingFailure {
  private static final String PREFIX = "Failed to schedule pod, ";
  private static final Pattern INCOMPATIBLE = Pattern.compile(
      "^incompatible with nodepool \"([^\"]+)\"(?:, daemonset overhead=(\\{[^}]*\\}))?,\\s*(.*)$", Pattern.DOTALL);
  private static final Pattern RESERVATION = Pattern.compile("^compatible with nodepool \"([^\"]+)\" but (.*)$", Pattern.DOTALL);
  private static final Pattern QUOTED_POOL = Pattern.compile("^(.*?) for nodepool:? \"([^\"]+)\"$");
  private static final Pattern STRUCTURED_POOL = Pattern.compile("^(.*?) \\(NodePool=([^),]+)\\)$");

  private SchedulingFailure() {}

  /**
   * One verdict: the NodePool it is about (null when Karpenter's words name none), the classified
   * reason, Karpenter's own words for it, and the DaemonSet overhead it counted (when it said).
   */
  public record PoolVerdict(String nodePool, SchedulingReason reason, String detail, String daemonsetOverhead) {}

  /** The verdicts in Karpenter's order. */
  public record Parsed(List<PoolVerdict> verdicts) {}

  /** Whether an event message is one of Karpenter's scheduling failures. */
  public static boolean isKarpenterMessage(String message) {
    return message != null && message.startsWith(PREFIX);
  }

  public static Parsed parse(String message) {
    String body = message.startsWith(PREFIX) ? message.substring(PREFIX.length()) : message;
    List<PoolVerdict> out = new ArrayList<>();
    for (String raw : body.split(";\\s+")) {
      String part = raw.strip();
      if (part.endsWith(";")) {
        part = part.substring(0, part.length() - 1).strip();
      }
      if (part.isEmpty()) {
        continue;
      }
      if (!out.isEmpty() && part.startsWith("did not tolerate") && out.getLast().reason() == SchedulingReason.TAINT_NOT_TOLERATED) {
        // multierr also joins the causes inside one pool's error with "; " (several untolerated taints)
        PoolVerdict last = out.removeLast();
        out.add(new PoolVerdict(last.nodePool(), last.reason(), last.detail() + "; " + part, last.daemonsetOverhead()));
        continue;
      }
      out.add(verdict(part));
    }
    return new Parsed(out);
  }

  private static PoolVerdict verdict(String part) {
    Matcher m = INCOMPATIBLE.matcher(part);
    if (m.matches()) {
      return new PoolVerdict(m.group(1), classify(m.group(3)), m.group(3).strip(), m.group(2));
    }
    m = RESERVATION.matcher(part);
    if (m.matches()) {
      return new PoolVerdict(m.group(1), SchedulingReason.OTHER, m.group(2).strip(), null);
    }
    m = STRUCTURED_POOL.matcher(part);
    if (m.matches()) {
      return new PoolVerdict(m.group(2).strip(), classify(m.group(1)), m.group(1).strip(), null);
    }
    m = QUOTED_POOL.matcher(part);
    if (m.matches()) {
      return new PoolVerdict(m.group(2), classify(m.group(1)), m.group(1).strip() + " for nodepool", null);
    }
    return new PoolVerdict(null, classify(part), part, null);
  }

  /** The reason a pool's error names; Karpenter puts the deciding check first. */
  static SchedulingReason classify(String why) {
    String w = why.strip();
    if (w.startsWith("did not tolerate")) {
      return SchedulingReason.TAINT_NOT_TOLERATED;
    }
    if (w.startsWith("incompatible requirements") || w.startsWith("key ") || w.startsWith("label ")) {
      return SchedulingReason.INCOMPATIBLE_REQUIREMENTS;
    }
    if (w.startsWith("no instance type")) {
      return SchedulingReason.NO_INSTANCE_TYPE;
    }
    if (w.contains("exceed limits") || w.contains("limits have been exhausted")) {
      return SchedulingReason.LIMITS_REACHED;
    }
    return SchedulingReason.OTHER;
  }
}
