package io.periscope.fixfirst;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What in a pod spec widens the blast radius of a compromised container: settings that hand it
 * the node ({@code privileged}, {@code hostPath}, {@code hostNetwork}, {@code hostPID}, node-level
 * capabilities), settings that raise its privileges, and running as root.
 */
public final class PodSpecRisks {
  /** Capabilities that amount to the node (mount, ptrace other processes, load modules, read any file). */
  private static final Set<String> NODE_CAPABILITIES = Set.of("ALL", "SYS_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH", "BPF");

  private PodSpecRisks() {}

  /** How far one setting lets an attacker in the container go; {@code factor} is its weight in the score. */
  public enum Level {
    NODE_ESCAPE(3), ELEVATED(1.5), MAY_RUN_AS_ROOT(1.2);

    private final double factor;

    Level(double factor) {
      this.factor = factor;
    }

    public double factor() {
      return factor;
    }
  }

  /** One risky setting, with the containers it applies to (empty: the pod as a whole). */
  public record Risk(String what, Level level, List<String> containers) {
    public Risk {
      containers = List.copyOf(containers);
    }
  }

  /** The spec's risky settings, worst first; a setting shared by several containers is one risk naming them. */
  public static List<Risk> of(PodSpec spec) {
    Map<String, Risk> out = new LinkedHashMap<>();
    if (spec == null) {
      return List.of();
    }
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      add(out, "hostNetwork: shares the node's network namespace", Level.NODE_ESCAPE, null);
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      add(out, "hostPID: sees and signals the node's processes", Level.NODE_ESCAPE, null);
    }
    if (Boolean.TRUE.equals(spec.getHostIPC())) {
      add(out, "hostIPC: shares the node's IPC namespace", Level.ELEVATED, null);
    }
    for (Volume v : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
      if (v.getHostPath() != null) {
        add(out, "hostPath volume " + v.getHostPath().getPath(), Level.NODE_ESCAPE, null);
      }
    }
    PodSecurityContext pod = Optional.ofNullable(spec.getSecurityContext()).orElseGet(PodSecurityContext::new);
    List<Container> containers = new ArrayList<>();
    Optional.ofNullable(spec.getInitContainers()).ifPresent(containers::addAll);
    Optional.ofNullable(spec.getContainers()).ifPresent(containers::addAll);
    for (Container c : containers) {
      SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        add(out, "privileged container", Level.NODE_ESCAPE, c.getName());
      }
      for (String cap : Optional.ofNullable(sc.getCapabilities()).map(Capabilities::getAdd).orElse(List.of())) {
        String name = cap.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
        add(out, "adds capability " + name, NODE_CAPABILITIES.contains(name) ? Level.NODE_ESCAPE : Level.ELEVATED, c.getName());
      }
      if (Boolean.TRUE.equals(sc.getAllowPrivilegeEscalation())) {
        add(out, "allowPrivilegeEscalation: true", Level.ELEVATED, c.getName());
      }
      Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser();
      Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
      if (user != null && user == 0) {
        add(out, "runs as root (runAsUser 0)", Level.ELEVATED, c.getName());
      } else if (user == null && !Boolean.TRUE.equals(nonRoot)) {
        add(out, "may run as root (neither runAsNonRoot nor runAsUser set)", Level.MAY_RUN_AS_ROOT, c.getName());
      }
    }
    return out.values().stream().sorted(java.util.Comparator.comparing(Risk::level)).toList();
  }

  /** The worst level's factor, 1 when there is no risk. */
  public static double factor(List<Risk> risks) {
    return risks.stream().mapToDouble(r -> r.level().factor()).max().orElse(1);
  }

  private static void add(Map<String, Risk> out, String what, Level level, String container) {
    Risk old = out.get(what);
    List<String> names = new ArrayList<>(old == null ? List.of() : old.containers());
    if (container != null && !names.contains(container)) {
      names.add(container);
    }
    out.put(what, new Risk(what, level, names));
  }
}
