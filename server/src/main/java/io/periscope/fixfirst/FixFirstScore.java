package io.periscope.fixfirst;

import io.periscope.aws.iam.SensitiveActions.Category;
import io.periscope.aws.iam.WorkloadPermissions.Chip;
import io.periscope.aws.inspector.Finding;
import io.periscope.aws.inspector.Severity;
import io.periscope.names.ImageReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fix-first score: exposure × exploitability × IAM blast radius × pod-spec blast radius, each
 * factor 1 when its signal is absent, so a workload with nothing scores 1 and every signal
 * multiplies the others (a public service with a critical exploitable CVE and a role that can pass
 * roles is 3 × 4 × 3 = 36). Every factor carries the sentence that explains it.
 *
 * <table>
 *   <caption>factors</caption>
 *   <tr><td>exposure</td><td>3 public LoadBalancer / Ingress; 2 NodePort or a LoadBalancer limited to source ranges</td></tr>
 *   <tr><td>exploitability</td><td>4 critical CVE with an exploit; 3 high with an exploit; 2 other with an exploit; 1.5 critical without a known exploit</td></tr>
 *   <tr><td>IAM</td><td>3 privilege escalation (iam:PassRole, ...); 2 any other sensitive action</td></tr>
 *   <tr><td>pod spec</td><td>3 node escape (privileged, hostPath, hostNetwork, hostPID, SYS_ADMIN, ...); 1.5 elevated (root, hostIPC, other capabilities, allowPrivilegeEscalation); 1.2 may run as root</td></tr>
 * </table>
 */
public final class FixFirstScore {
  private FixFirstScore() {}

  /** The signals, in the order a row lists them. */
  public enum Signal { EXPOSURE, CVE, IAM, POD_SPEC }

  /** One factor of the score and the sentence that says why it is what it is ({@code reason} empty at 1). */
  public record Factor(Signal signal, double value, String reason) {}

  /** A finding on one of the workload's images ({@code image} as the pod names it). */
  public record ImageFinding(String image, Finding finding) {}

  /** A role the workload's pods get and the sensitive actions it reaches. */
  public record RoleReach(String roleArn, List<Chip> sensitive) {
    public RoleReach {
      sensitive = List.copyOf(sensitive);
    }
  }

  /** The score and its factors, the ones above 1 first (largest first). */
  public record Score(double value, List<Factor> factors) {
    /** The sentences of the factors above 1: why the row ranks where it does. */
    public List<String> why() {
      return factors.stream().filter(f -> f.value() > 1).map(Factor::reason).toList();
    }
  }

  public static Score score(List<Exposures.Via> exposure, List<ImageFinding> findings, List<RoleReach> roles, List<PodSpecRisks.Risk> risks) {
    List<Factor> factors = new ArrayList<>(List.of(exposure(exposure), exploitability(findings), iam(roles), podSpec(risks)));
    double value = factors.stream().mapToDouble(Factor::value).reduce(1, (a, b) -> a * b);
    factors.sort(Comparator.comparing(Factor::value).reversed().thenComparing(Factor::signal));
    return new Score(Math.round(value * 100) / 100.0, factors);
  }

  static Factor exposure(List<Exposures.Via> vias) {
    Exposures.Level level = Exposures.level(vias);
    if (level == Exposures.Level.INTERNAL) {
      return new Factor(Signal.EXPOSURE, 1, "");
    }
    Exposures.Via widest = vias.stream().filter(v -> v.level() == level).findFirst().orElseThrow();
    String what = widest.kind().equals("Service") ? widest.detail() + " " + widest.name() : widest.detail();
    return new Factor(Signal.EXPOSURE, level.factor(), what);
  }

  /** A finding's weight: an exploit makes it count; its severity says how much. */
  static double weight(Finding f) {
    if (f.exploitAvailable()) {
      return switch (f.severity()) {
        case CRITICAL -> 4;
        case HIGH -> 3;
        default -> 2;
      };
    }
    return f.severity() == Severity.CRITICAL ? 1.5 : 1;
  }

  static Factor exploitability(List<ImageFinding> findings) {
    return findings.stream()
        .max(Comparator.comparingDouble((ImageFinding i) -> weight(i.finding())).thenComparingDouble(i -> i.finding().score())
            .thenComparing(i -> i.finding().vulnerabilityId(), Comparator.reverseOrder()))
        .filter(i -> weight(i.finding()) > 1)
        .map(i -> {
          Finding f = i.finding();
          long more = findings.stream().filter(o -> o.finding().exploitAvailable()).map(o -> o.finding().vulnerabilityId()).distinct().count()
              - (f.exploitAvailable() ? 1 : 0);
          String reason = f.severity().wireName() + " " + f.vulnerabilityId() + (f.exploitAvailable() ? " with a public exploit" : " (no known exploit)")
              + " in " + shortImage(i.image()) + " image (" + f.packageName() + " " + f.installedVersion() + ")"
              + (more > 0 ? ", " + more + " more exploitable" : "");
          return new Factor(Signal.CVE, weight(f), reason);
        })
        .orElse(new Factor(Signal.CVE, 1, ""));
  }

  static double weight(Category c) {
    return c == Category.PRIVILEGE_ESCALATION || c == Category.WILDCARD ? 3 : 2;
  }

  static Factor iam(List<RoleReach> roles) {
    RoleReach worst = null;
    double value = 1;
    for (RoleReach r : roles) {
      double w = r.sensitive().stream().mapToDouble(c -> weight(c.category())).max().orElse(1);
      if (w > value) {
        value = w;
        worst = r;
      }
    }
    if (worst == null) {
      return new Factor(Signal.IAM, 1, "");
    }
    List<String> actions = worst.sensitive().stream().sorted(Comparator.comparingDouble((Chip c) -> -weight(c.category())))
        .map(Chip::action).toList();
    String shown = String.join(", ", actions.subList(0, Math.min(3, actions.size())))
        + (actions.size() > 3 ? " and " + (actions.size() - 3) + " more" : "");
    return new Factor(Signal.IAM, value, "role " + roleName(worst.roleArn()) + " can " + shown);
  }

  static Factor podSpec(List<PodSpecRisks.Risk> risks) {
    if (risks.isEmpty()) {
      return new Factor(Signal.POD_SPEC, 1, "");
    }
    PodSpecRisks.Risk worst = risks.getFirst();
    List<PodSpecRisks.Risk> same = risks.stream().filter(r -> r.level() == worst.level()).toList();
    String reason = String.join(", ", same.stream().map(PodSpecRisks.Risk::what).toList());
    return new Factor(Signal.POD_SPEC, worst.level().factor(), reason);
  }

  /** {@code payments-api:2.14.1} of {@code 1234.dkr.ecr.../example/payments-api:2.14.1@sha256:...}. */
  static String shortImage(String image) {
    ImageReference ref = ImageReference.parse(image);
    String name = ref.repository().substring(ref.repository().lastIndexOf('/') + 1);
    return ref.tag() == null ? name : name + ":" + ref.tag();
  }

  /** The role's name (after {@code role/} and any path) of its ARN. */
  static String roleName(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }
}
