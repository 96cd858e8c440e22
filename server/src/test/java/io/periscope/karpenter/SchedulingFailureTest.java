package io.periscope.karpenter;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.karpenter.SchedulingFailure.PoolVerdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Karpenter's FailedScheduling messages, as real reports quoted them, read into verdicts per NodePool. */
class SchedulingFailureTest {
  private static final Map<String, String> MESSAGES = new LinkedHashMap<>();

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = SchedulingFailureTest.class.getResourceAsStream("/karpenter/failed-scheduling-messages.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          MESSAGES.put(line.substring(0, line.indexOf('|')), line.substring(line.indexOf('|') + 1));
        }
      }
    }
  }

  private static SchedulingFailure.Parsed parse(String id) {
    assertThat(MESSAGES).containsKey(id);
    assertThat(SchedulingFailure.isKarpenterMessage(MESSAGES.get(id))).isTrue();
    return SchedulingFailure.parse(MESSAGES.get(id));
  }

  @Test
  void untoleratedTaintAndUnknownLabelOnTwoPools() {
    assertThat(parse("taint-and-label").verdicts()).containsExactly(
        new PoolVerdict("gpu", SchedulingReason.TAINT_NOT_TOLERATED, "did not tolerate nvidia.com/gpu=1:NoSchedule",
            "{\"cpu\":\"605m\",\"memory\":\"1288Mi\",\"pods\":\"12\"}"),
        new PoolVerdict("app", SchedulingReason.INCOMPATIBLE_REQUIREMENTS,
            "incompatible requirements, label \"eks.amazonaws.com/nodegroup\" does not have known values",
            "{\"cpu\":\"605m\",\"memory\":\"1288Mi\",\"pods\":\"12\"}"));
  }

  @Test
  void limitsReachedNamesItsPool() {
    var verdicts = parse("three-pools-with-limits").verdicts();
    assertThat(verdicts).extracting(PoolVerdict::nodePool)
        .containsExactly("worker-multi-az-xxlarge", "webeip-multi-az-large", "stable-multi-az-xxlarge");
    assertThat(verdicts).extracting(PoolVerdict::reason).containsExactly(SchedulingReason.INCOMPATIBLE_REQUIREMENTS,
        SchedulingReason.TAINT_NOT_TOLERATED, SchedulingReason.LIMITS_REACHED);
    assertThat(verdicts.get(0).detail()).endsWith("(typo of \"acquia.io/stage\"?)");
    assertThat(verdicts.get(2).daemonsetOverhead()).isNull();
  }

  @Test
  void noInstanceTypeKeepsTheRequirementsItTried() {
    var verdicts = parse("no-instance-type").verdicts();
    assertThat(verdicts).hasSize(1);
    assertThat(verdicts.getFirst().nodePool()).isEqualTo("test-nodepool");
    assertThat(verdicts.getFirst().reason()).isEqualTo(SchedulingReason.NO_INSTANCE_TYPE);
    assertThat(verdicts.getFirst().detail()).startsWith("no instance type satisfied resources {\"cpu\":\"3310m\"")
        .endsWith("met the scheduling requirements)");
  }

  @Test
  void aRequirementConflictWithoutTheIncompatibleRequirementsWordsIsStillOne() {
    var verdicts = parse("hostname-topology").verdicts();
    assertThat(verdicts).extracting(PoolVerdict::nodePool, PoolVerdict::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("default", SchedulingReason.INCOMPATIBLE_REQUIREMENTS));
  }

  @Test
  void laterReleasesNameThePoolAsAStructuredValueOrNotAtAll() {
    assertThat(parse("limits-unnamed").verdicts()).containsExactly(new PoolVerdict(null, SchedulingReason.LIMITS_REACHED,
        "all available instance types exceed limits for nodepool", null));
    assertThat(parse("limits-structured").verdicts()).containsExactly(new PoolVerdict("linux-x64", SchedulingReason.LIMITS_REACHED,
        "all available instance types exceed limits for nodepool", null));
  }

  @Test
  void limitsReachedNamesItsPoolInQuotesWithoutTheColonToo() {
    assertThat(parse("limits-quoted-no-colon").verdicts()).extracting(PoolVerdict::nodePool, PoolVerdict::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("system", SchedulingReason.INCOMPATIBLE_REQUIREMENTS),
        org.assertj.core.groups.Tuple.tuple("graviton", SchedulingReason.LIMITS_REACHED));
  }

  @Test
  void aPoolThatFitsButMayNotFallBackFromItsReservationIsNamedWithKarpentersWords() {
    // kubernetes-sigs/karpenter's scheduler words (it stops at such a pool, so it is the last part)
    var verdicts = SchedulingFailure.parse("Failed to schedule pod, incompatible with nodepool \"default\", daemonset overhead={}, "
        + "did not tolerate team=ml:NoSchedule; compatible with nodepool \"reserved\" but failed to add pod while adhering to reservation "
        + "fallback policy, one or more instance types with compatible reserved offerings are available, but could not be reserved").verdicts();
    assertThat(verdicts).extracting(PoolVerdict::nodePool, PoolVerdict::reason).containsExactly(
        org.assertj.core.groups.Tuple.tuple("default", SchedulingReason.TAINT_NOT_TOLERATED),
        org.assertj.core.groups.Tuple.tuple("reserved", SchedulingReason.OTHER));
    assertThat(verdicts.getLast().detail()).startsWith("failed to add pod while adhering to reservation fallback policy");
  }

  @Test
  void severalUntoleratedTaintsOfOnePoolStayOneVerdict() {
    var verdicts = SchedulingFailure.parse("Failed to schedule pod, incompatible with nodepool \"batch\", daemonset overhead={}, "
        + "did not tolerate a=1:NoSchedule; did not tolerate b=2:NoExecute; incompatible with nodepool \"web\", daemonset overhead={}, "
        + "incompatible requirements, key karpenter.sh/capacity-type, karpenter.sh/capacity-type In [spot] not in karpenter.sh/capacity-type In [on-demand]")
        .verdicts();
    assertThat(verdicts).extracting(PoolVerdict::nodePool).containsExactly("batch", "web");
    assertThat(verdicts.get(0).detail()).isEqualTo("did not tolerate a=1:NoSchedule; did not tolerate b=2:NoExecute");
  }

  @Test
  void theSchedulersOwnMessageIsNotKarpenters() {
    assertThat(SchedulingFailure.isKarpenterMessage("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available")).isFalse();
    assertThat(SchedulingFailure.parse("something new Karpenter says").verdicts())
        .containsExactly(new PoolVerdict(null, SchedulingReason.OTHER, "something new Karpenter says", null));
  }
}
