package io.periscope.fixfirst;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.periscope.fixfirst.PodSpecRisks.Level;
import io.periscope.fixfirst.PodSpecRisks.Risk;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodSpecRisksTest {
  private static PodSpecBuilder nonRoot() {
    return new PodSpecBuilder().withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext();
  }

  @Test
  void aHardenedSpecHasNoRisk() {
    PodSpec spec = nonRoot().addNewContainer().withName("app").withNewSecurityContext().withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext().endContainer().build();
    assertThat(PodSpecRisks.of(spec)).isEmpty();
    assertThat(PodSpecRisks.factor(PodSpecRisks.of(spec))).isEqualTo(1);
  }

  @Test
  void nodeEscapesArePrivilegedHostNamespacesHostPathAndNodeCapabilities() {
    PodSpec spec = nonRoot().withHostNetwork(true).withHostPID(true)
        .addNewVolume().withName("sock").withNewHostPath().withPath("/var/run/containerd/containerd.sock").endHostPath().endVolume()
        .addNewContainer().withName("agent").withNewSecurityContext().withPrivileged(true).endSecurityContext().endContainer()
        .addNewContainer().withName("probe").withNewSecurityContext().withNewCapabilities().withAdd("CAP_SYS_ADMIN", "NET_ADMIN")
        .endCapabilities().endSecurityContext().endContainer()
        .build();
    List<Risk> risks = PodSpecRisks.of(spec);
    assertThat(risks).extracting(Risk::what, Risk::level).containsExactly(
        org.assertj.core.groups.Tuple.tuple("hostNetwork: shares the node's network namespace", Level.NODE_ESCAPE),
        org.assertj.core.groups.Tuple.tuple("hostPID: sees and signals the node's processes", Level.NODE_ESCAPE),
        org.assertj.core.groups.Tuple.tuple("hostPath volume /var/run/containerd/containerd.sock", Level.NODE_ESCAPE),
        org.assertj.core.groups.Tuple.tuple("privileged container", Level.NODE_ESCAPE),
        org.assertj.core.groups.Tuple.tuple("adds capability SYS_ADMIN", Level.NODE_ESCAPE),
        org.assertj.core.groups.Tuple.tuple("adds capability NET_ADMIN", Level.ELEVATED));
    assertThat(risks.get(3).containers()).containsExactly("agent");
    assertThat(PodSpecRisks.factor(risks)).isEqualTo(3);
  }

  @Test
  void rootIsExplicitUserZeroOrNoNonRootGuarantee() {
    PodSpec spec = new PodSpecBuilder()
        .addNewContainer().withName("root").withNewSecurityContext().withRunAsUser(0L).endSecurityContext().endContainer()
        .addNewContainer().withName("unset").endContainer()
        .addNewContainer().withName("uid").withNewSecurityContext().withRunAsUser(1000L).endSecurityContext().endContainer()
        .addNewContainer().withName("unset-too").endContainer()
        .build();
    assertThat(PodSpecRisks.of(spec)).containsExactly(
        new Risk("runs as root (runAsUser 0)", Level.ELEVATED, List.of("root")),
        new Risk("may run as root (neither runAsNonRoot nor runAsUser set)", Level.MAY_RUN_AS_ROOT, List.of("unset", "unset-too")));
  }

  @Test
  void thePodSecurityContextAppliesToContainersThatSetNothing() {
    PodSpec spec = new PodSpecBuilder().withNewSecurityContext().withRunAsUser(0L).endSecurityContext()
        .addNewContainer().withName("inherits").endContainer()
        .addNewContainer().withName("overrides").withNewSecurityContext().withRunAsUser(1000L).endSecurityContext().endContainer()
        .build();
    assertThat(PodSpecRisks.of(spec)).containsExactly(new Risk("runs as root (runAsUser 0)", Level.ELEVATED, List.of("inherits")));
  }

  @Test
  void hostIpcAndPrivilegeEscalationAreElevatedAndInitContainersCount() {
    PodSpec spec = nonRoot().withHostIPC(true)
        .addNewInitContainer().withName("setup").withNewSecurityContext().withAllowPrivilegeEscalation(true).endSecurityContext().endInitContainer()
        .addNewContainer().withName("app").endContainer().build();
    assertThat(PodSpecRisks.of(spec)).extracting(Risk::what).containsExactly("hostIPC: shares the node's IPC namespace",
        "allowPrivilegeEscalation: true");
    assertThat(PodSpecRisks.factor(PodSpecRisks.of(spec))).isEqualTo(1.5);
  }
}
