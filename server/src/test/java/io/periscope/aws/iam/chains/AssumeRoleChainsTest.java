package io.periscope.aws.iam.chains;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.aws.iam.PolicyDocument;
import io.periscope.aws.iam.SensitiveCatalog;
import io.periscope.aws.iam.chains.AssumeRoleChains.Hop;
import io.periscope.aws.iam.chains.AssumeRoleChains.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Chains over an in-memory account: both sides of each hop, cycles, the depth bound, unreadable hops, wildcard expansion. */
class AssumeRoleChainsTest {
  private static final String ACCT = "111111111111";

  /** Roles by ARN; {@code unreadable} roles answer with their trust not readable; every read is counted. */
  private static final class Directory implements RoleDirectory {
    final Map<String, Role> roles = new HashMap<>();
    final List<String> reads = new ArrayList<>();

    Directory role(String name, String trustedBy, String... statements) {
      String arn = arn(name);
      String trust = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + trustedBy + "\"},\"Action\":\"sts:AssumeRole\"}}";
      roles.put(arn, new Role(arn, true, List.of(PolicyDocument.parse("inline:" + name, "{\"Statement\":[" + String.join(",", statements) + "]}")),
          Optional.of(trust), "", List.of()));
      return this;
    }

    @Override
    public Role role(String roleArn) {
      reads.add(roleArn);
      if (!RolePolicySetAccount.of(roleArn).equals(ACCT)) {
        return new Role(roleArn, true, List.of(), Optional.empty(), "iam:GetRole was refused (AccessDenied)", List.of("identity policies not readable"));
      }
      return roles.getOrDefault(roleArn, new Role(roleArn, false, List.of(), Optional.empty(), "", List.of()));
    }

    @Override
    public Listing roles(String account) {
      return account.equals(ACCT) ? new Listing(List.copyOf(roles.keySet()), Optional.empty())
          : new Listing(List.of(), Optional.of("iam:ListRoles was refused"));
    }
  }

  /** The account of an ARN (kept here so the test reads no production helper it checks). */
  private static final class RolePolicySetAccount {
    static String of(String arn) {
      return arn.split(":")[4];
    }
  }

  private static String arn(String name) {
    return "arn:aws:iam::" + ACCT + ":role/" + name;
  }

  private static String assume(String resource) {
    return "{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + resource + "\"}";
  }

  private static final String PASS_ROLE = "{\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\",\"Resource\":\"*\"}";

  private static AssumeRoleChains.Chain explore(Directory d, String start, int depth) {
    return AssumeRoleChains.explore(d, SensitiveCatalog.BUILT_IN, arn(start), depth, AssumeRoleChains.DEFAULT_MAX_ROLES);
  }

  @Test
  void aHopNeedsTheIdentityAllowAndTheTrustAdmittingTheSource() {
    var d = new Directory()
        .role("app", "x", assume(arn("deployer")), assume(arn("stranger")))
        .role("deployer", arn("app"), PASS_ROLE)
        .role("stranger", arn("someone-else"));
    var chain = explore(d, "app", 3);

    assertThat(chain.hops()).extracting(Hop::roleArn, Hop::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(arn("deployer"), Status.ASSUMABLE),
            org.assertj.core.groups.Tuple.tuple(arn("stranger"), Status.NOT_ADMITTED));
    Hop deployer = chain.hops().getFirst();
    assertThat(deployer.identityEvidence()).containsExactly("inline:app statement 0");
    assertThat(deployer.trustEvidence()).containsExactly("trust:deployer statement 0");
    assertThat(deployer.sensitive()).extracting(c -> c.action()).contains("iam:PassRole");
    assertThat(chain.reachable()).singleElement().satisfies(r -> {
      assertThat(r.action()).isEqualTo("iam:PassRole");
      assertThat(r.path()).containsExactly(arn("app"), arn("deployer"));
    });
    assertThat(chain.complete()).isTrue();
  }

  @Test
  void trustingTheAccountRootLeavesItToTheIdentityPolicy() {
    var d = new Directory().role("app", "x", assume(arn("ops"))).role("ops", "arn:aws:iam::" + ACCT + ":root");
    assertThat(explore(d, "app", 3).hops()).singleElement().extracting(Hop::status).isEqualTo(Status.ASSUMABLE);
    var noIdentity = new Directory().role("app", "x").role("ops", "arn:aws:iam::" + ACCT + ":root");
    assertThat(explore(noIdentity, "app", 3).hops()).isEmpty();
  }

  @Test
  void aCycleIsShownAndNotFollowed() {
    var d = new Directory()
        .role("a", arn("b"), assume(arn("b")))
        .role("b", arn("a"), assume(arn("a")));
    var chain = explore(d, "a", 5);
    Hop b = chain.hops().getFirst();
    assertThat(b.cycle()).isFalse();
    Hop backToA = b.next().getFirst();
    assertThat(backToA.roleArn()).isEqualTo(arn("a"));
    assertThat(backToA.status()).isEqualTo(Status.ASSUMABLE);
    assertThat(backToA.cycle()).isTrue();
    assertThat(backToA.next()).isEmpty();
    assertThat(d.reads).as("each role read once").containsExactly(arn("a"), arn("b"));
  }

  @Test
  void theDepthBoundStopsTheExplorationAndSaysSo() {
    var d = new Directory()
        .role("r0", "x", assume(arn("r1")))
        .role("r1", arn("r0"), assume(arn("r2")))
        .role("r2", arn("r1"), assume(arn("r3")), PASS_ROLE)
        .role("r3", arn("r2"), assume(arn("r4")))
        .role("r4", arn("r3"));
    var chain = explore(d, "r0", 2);
    Hop r1 = chain.hops().getFirst();
    Hop r2 = r1.next().getFirst();
    assertThat(r2.depth()).isEqualTo(2);
    assertThat(r2.next()).isEmpty();
    assertThat(r2.depthLimited()).isTrue();
    assertThat(d.reads).doesNotContain(arn("r3"), arn("r4"));
    assertThat(chain.reachable()).extracting(AssumeRoleChains.Reached::action).containsExactly("iam:PassRole");

    var deeper = explore(d, "r0", 3).hops().getFirst().next().getFirst().next().getFirst();
    assertThat(deeper.roleArn()).isEqualTo(arn("r3"));
    assertThat(deeper.depthLimited()).isTrue();
  }

  @Test
  void aRoleInAnotherAccountWhoseTrustCannotBeReadMarksTheHopIncomplete() {
    String theirs = "arn:aws:iam::222222222222:role/deployer";
    var d = new Directory().role("app", "x", assume(theirs));
    var chain = explore(d, "app", 3);
    Hop hop = chain.hops().getFirst();
    assertThat(hop.status()).isEqualTo(Status.TRUST_NOT_READABLE);
    assertThat(hop.crossAccount()).isTrue();
    assertThat(hop.complete()).isFalse();
    assertThat(hop.problems().getFirst()).isEqualTo("trust not readable: iam:GetRole was refused (AccessDenied)");
    assertThat(chain.complete()).isFalse();
  }

  @Test
  void patternsAreExpandedAgainstTheAccountsRoleListAndOtherAccountsAreSaidNotListed() {
    var d = new Directory()
        .role("app", "x", assume("arn:aws:iam::*:role/deploy-*"))
        .role("deploy-eu", arn("app"))
        .role("deploy-us", arn("app"))
        .role("billing", arn("app"));
    var chain = explore(d, "app", 1);
    assertThat(chain.hops()).extracting(Hop::roleArn).containsExactlyInAnyOrder(arn("deploy-eu"), arn("deploy-us"));
    assertThat(chain.problems()).singleElement().asString().contains("arn:aws:iam::*:role/deploy-*").contains("not listed");
  }

  @Test
  void anExplicitDenyAndAMissingRoleAreShown() {
    var d = new Directory()
        .role("app", "x", assume(arn("*")), "{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"" + arn("admin") + "\"}")
        .role("admin", arn("app"));
    var chain = explore(d, "app", 2);
    assertThat(chain.hops()).filteredOn(h -> h.roleArn().equals(arn("admin"))).singleElement().extracting(Hop::status).isEqualTo(Status.DENIED);
    var missing = explore(new Directory().role("app", "x", assume(arn("gone"))), "app", 2);
    assertThat(missing.hops()).singleElement().satisfies(h -> {
      assertThat(h.status()).isEqualTo(Status.NOT_FOUND);
      assertThat(h.problems()).containsExactly("role not found: gone does not exist");
    });
  }

  @Test
  void theReadBudgetMarksRolesNotChecked() {
    var d = new Directory().role("app", "x", assume(arn("r1")), assume(arn("r2"))).role("r1", arn("app")).role("r2", arn("app"));
    var chain = AssumeRoleChains.explore(d, SensitiveCatalog.BUILT_IN, arn("app"), 3, 2);
    assertThat(chain.hops()).extracting(Hop::status).containsExactly(Status.ASSUMABLE, Status.NOT_CHECKED);
    assertThat(chain.complete()).isFalse();
  }
}
