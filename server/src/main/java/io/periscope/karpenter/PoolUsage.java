package io.periscope.karpenter;

import io.periscope.k8s.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A NodePool's limits against what it uses: the sum of its NodeClaims' capacity (what Karpenter
 * itself counts against {@code spec.limits}), per resource. {@code nodes} counts the claims.
 */
public final class PoolUsage {
  /** Shown for every pool, limited or not. */
  private static final List<String> ALWAYS = List.of("cpu", "memory", "nodes");

  private PoolUsage() {}

  /**
   * One resource: the limit ({@code null} when unlimited), what the claims use, and the used
   * fraction of the limit ({@code null} when unlimited or the limit is zero).
   */
  public record Line(String resource, String limit, String used, Double fraction) {}

  /**
   * @param limits the pool's {@code spec.limits} (quantities as the apiserver stores them)
   * @throws IllegalArgumentException naming the resource when a quantity does not parse
   */
  public static List<Line> of(Map<String, String> limits, List<NodeClaimSummary> claims) {
    Map<String, BigDecimal> used = new LinkedHashMap<>();
    for (NodeClaimSummary c : claims) {
      c.capacity().forEach((resource, q) -> used.merge(resource, amount(resource, q), BigDecimal::add));
    }
    used.put("nodes", BigDecimal.valueOf(claims.size()));
    Set<String> resources = new LinkedHashSet<>(ALWAYS);
    resources.addAll(limits.keySet());
    List<Line> out = new ArrayList<>();
    for (String r : resources) {
      BigDecimal u = used.getOrDefault(r, BigDecimal.ZERO);
      String limitText = limits.get(r);
      BigDecimal limit = limitText == null ? null : amount(r, limitText);
      Double fraction = limit == null || limit.signum() == 0 ? null : u.divide(limit, 4, RoundingMode.HALF_UP).doubleValue();
      out.add(new Line(r, limit == null ? null : format(r, limit), format(r, u), fraction));
    }
    return out;
  }

  static BigDecimal amount(String resource, String quantity) {
    return Quantities.parse(quantity)
        .orElseThrow(() -> new IllegalArgumentException(resource + " quantity '" + quantity + "' is not a Kubernetes quantity"));
  }

  /** CPU in cores, memory and storage in GiB, everything else as a plain number. */
  static String format(String resource, BigDecimal amount) {
    if (resource.equals("memory") || resource.endsWith("storage")) {
      return plain(amount.divide(BigDecimal.valueOf(1L << 30), 1, RoundingMode.HALF_UP)) + "Gi";
    }
    return plain(amount.setScale(resource.equals("cpu") ? 2 : 0, RoundingMode.HALF_UP));
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }
}
