package io.periscope.aws.iam.chains;

import io.periscope.aws.iam.PolicyDocument;
import io.periscope.aws.iam.PolicyEngine;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.aws.iam.SensitiveActions;
import io.periscope.aws.iam.SensitiveCatalog;
import io.periscope.aws.iam.WorkloadPermissions;
import io.periscope.aws.iam.WorkloadPermissions.Chip;
import io.periscope.aws.iam.resource.ResourceAccess;
import io.periscope.aws.iam.resource.ResourcePolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * Explores the roles a role may assume, and those they may assume in turn, to {@code maxDepth} hops.
 * A hop needs both sides: the source's identity policies allow {@code sts:AssumeRole} on the target
 * (candidates are the role ARNs their {@code Resource} names; patterns are expanded against the
 * account's role list) and the target's trust policy admits the source, combined by
 * {@link ResourceAccess} with the trust-policy rule. A role already on the path is a cycle, shown and
 * not followed; at most {@code maxRoles} roles are read per exploration. Pure over a {@link RoleDirectory}.
 */
public final class AssumeRoleChains {
  public static final int DEFAULT_MAX_DEPTH = 3;
  public static final int DEFAULT_MAX_ROLES = 60;
  private static final String ASSUME = "sts:AssumeRole";

  /**
   * ASSUMABLE / CONDITIONAL: both sides allow (CONDITIONAL: only under conditions); NOT_ADMITTED:
   * the identity policies allow but the trust policy does not admit the source; DENIED: an explicit
   * Deny; TRUST_NOT_READABLE: the trust policy could not be read; NOT_FOUND: no such role;
   * NOT_CHECKED: the read budget was spent.
   */
  public enum Status { ASSUMABLE, CONDITIONAL, NOT_ADMITTED, DENIED, TRUST_NOT_READABLE, NOT_FOUND, NOT_CHECKED }

  /**
   * One hop to {@code roleArn}. {@code cycle}: the role is already on the path (not followed);
   * {@code depthLimited}: it may assume further roles, not explored past the depth bound;
   * {@code complete}: everything under it was read.
   */
  public record Hop(String roleArn, int depth, Status status, boolean crossAccount, boolean cycle, boolean depthLimited, boolean complete,
      List<String> identityEvidence, List<String> trustEvidence, String rule, List<Chip> sensitive, List<String> problems, List<Hop> next) {
    public Hop {
      identityEvidence = List.copyOf(identityEvidence);
      trustEvidence = List.copyOf(trustEvidence);
      sensitive = List.copyOf(sensitive);
      problems = List.copyOf(problems);
      next = List.copyOf(next);
    }

    boolean reachable() {
      return status == Status.ASSUMABLE || status == Status.CONDITIONAL;
    }
  }

  /** A sensitive action the start role does not have but a role along the chain does, by the shortest path. */
  public record Reached(String action, SensitiveActions.Category category, String roleArn, List<String> path, boolean conditional) {
    public Reached {
      path = List.copyOf(path);
    }
  }

  /**
   * @param problems notes about the exploration itself (patterns whose other accounts were not listed, lists refused)
   */
  public record Chain(String roleArn, int maxDepth, List<Chip> sensitive, List<Hop> hops, List<Reached> reachable, boolean complete,
      List<String> problems) {}

  private final RoleDirectory directory;
  private final SensitiveCatalog catalog;
  private final int maxDepth;
  private final int maxRoles;
  private final Map<String, RoleDirectory.Role> read = new HashMap<>();
  private final Map<String, RoleDirectory.Listing> listed = new HashMap<>();
  private final SequencedSet<String> problems = new LinkedHashSet<>();
  private String homeAccount = "";

  private AssumeRoleChains(RoleDirectory directory, SensitiveCatalog catalog, int maxDepth, int maxRoles) {
    this.directory = directory;
    this.catalog = catalog;
    this.maxDepth = maxDepth;
    this.maxRoles = maxRoles;
  }

  /** The chains from {@code roleArn}; {@code maxDepth} hops at most (1 = only the roles it assumes itself). */
  public static Chain explore(RoleDirectory directory, SensitiveCatalog catalog, String roleArn, int maxDepth, int maxRoles) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("the depth bound must be at least 1");
    }
    return new AssumeRoleChains(directory, catalog, maxDepth, maxRoles).from(roleArn);
  }

  private Chain from(String roleArn) {
    homeAccount = RolePolicySet.account(roleArn);
    RoleDirectory.Role start = role(roleArn).orElseThrow();
    List<Chip> own = WorkloadPermissions.chips(catalog, start.policies());
    List<Hop> hops = start.exists() ? hops(start, 1, new LinkedHashSet<>(List.of(roleArn))) : List.of();
    problems.addAll(start.problems());
    Map<String, Reached> reached = new LinkedHashMap<>();
    collect(hops, List.of(roleArn), false, own, reached);
    boolean complete = start.problems().isEmpty() && hops.stream().allMatch(Hop::complete);
    return new Chain(roleArn, maxDepth, own, hops, List.copyOf(reached.values()), complete, List.copyOf(problems));
  }

  private List<Hop> hops(RoleDirectory.Role source, int depth, SequencedSet<String> path) {
    List<Hop> out = new ArrayList<>();
    for (String target : candidates(source)) {
      PolicyEngine.Decision identity = PolicyEngine.evaluate(source.policies(), ASSUME, target);
      if (identity.verdict() == PolicyEngine.Verdict.NOT_ALLOWED) {
        continue; // listed for a pattern that does not cover it
      }
      out.add(hop(source, target, identity, depth, path));
    }
    return out;
  }

  private Hop hop(RoleDirectory.Role source, String target, PolicyEngine.Decision identity, int depth, SequencedSet<String> path) {
    boolean cross = !RolePolicySet.account(target).equals(RolePolicySet.account(source.arn()));
    Optional<RoleDirectory.Role> maybe = role(target);
    if (maybe.isEmpty()) {
      return new Hop(target, depth, Status.NOT_CHECKED, cross, false, false, false, identity.evidence(), List.of(), "",
          List.of(), List.of("not read: one exploration reads at most " + maxRoles + " roles"), List.of());
    }
    RoleDirectory.Role t = maybe.get();
    if (!t.exists()) {
      return new Hop(target, depth, Status.NOT_FOUND, cross, false, false, true, identity.evidence(), List.of(), "",
          List.of(), List.of("role not found: " + RolePolicySet.roleName(target) + " does not exist"), List.of());
    }
    ResourceAccess.Answer a = ResourceAccess.decide(new ResourceAccess.Request(source.arn(), source.policies(), ASSUME, target,
        RolePolicySet.account(target), ResourceAccess.Kind.ROLE_TRUST, trust(t)));
    Status status = switch (a.outcome()) {
      case ALLOWED -> Status.ASSUMABLE;
      case CONDITIONAL -> Status.CONDITIONAL;
      case DENIED -> Status.DENIED;
      case NOT_ALLOWED -> Status.NOT_ADMITTED;
      case UNKNOWN -> Status.TRUST_NOT_READABLE;
    };
    List<String> trustEvidence = new ArrayList<>(a.resource().direct().evidence());
    trustEvidence.addAll(a.resource().viaAccount().evidence());
    List<String> notes = new ArrayList<>(t.problems());
    if (status == Status.TRUST_NOT_READABLE) {
      notes.addFirst("trust not readable: " + t.trustNotReadable());
    }
    boolean cycle = path.contains(target);
    boolean reachable = status == Status.ASSUMABLE || status == Status.CONDITIONAL;
    List<Chip> sensitive = reachable ? WorkloadPermissions.chips(catalog, t.policies()) : List.of();
    List<Hop> next = List.of();
    boolean depthLimited = false;
    if (reachable && !cycle) {
      if (depth < maxDepth) {
        SequencedSet<String> deeper = new LinkedHashSet<>(path);
        deeper.add(target);
        next = hops(t, depth + 1, deeper);
      } else {
        depthLimited = !candidates(t).isEmpty();
      }
    }
    boolean complete = status != Status.TRUST_NOT_READABLE && t.problems().isEmpty() && next.stream().allMatch(Hop::complete);
    return new Hop(target, depth, status, cross, cycle, depthLimited, complete, identity.evidence(), trustEvidence, a.rule(), sensitive,
        notes, next);
  }

  private static ResourceAccess.PolicyRead trust(RoleDirectory.Role t) {
    if (t.trustPolicy().isEmpty()) {
      return ResourceAccess.PolicyRead.notReadable(t.trustNotReadable());
    }
    try {
      return ResourceAccess.PolicyRead.of(ResourcePolicy.parse("trust:" + RolePolicySet.roleName(t.arn()), t.trustPolicy().get()));
    } catch (IllegalArgumentException e) {
      return ResourceAccess.PolicyRead.notReadable(e.getMessage());
    }
  }

  /**
   * The role ARNs the identity policies' {@code sts:AssumeRole} Allow statements name: literal ARNs
   * as they are, patterns expanded against the role list of their account (of the start role's
   * account when the pattern's account is itself a wildcard; other accounts cannot be listed).
   */
  private List<String> candidates(RoleDirectory.Role source) {
    SequencedSet<String> out = new LinkedHashSet<>();
    for (PolicyDocument doc : source.policies()) {
      for (PolicyDocument.Statement s : doc.statements()) {
        PolicyDocument one = new PolicyDocument(doc.source(), List.of(s));
        if (!s.allow() || PolicyEngine.evaluate(List.of(one), ASSUME, Optional.empty()).verdict() == PolicyEngine.Verdict.NOT_ALLOWED) {
          continue;
        }
        for (String pattern : s.notResources().isEmpty() ? s.resources() : List.of("*")) {
          if (!wildcard(pattern)) {
            if (pattern.contains(":role/")) {
              out.add(pattern);
            }
            continue;
          }
          String account = RolePolicySet.account(pattern);
          if (account.isEmpty() || wildcard(account)) {
            problems.add("roles in accounts other than " + homeAccount + " matching " + pattern + " are not listed (only the workload role's account is read)");
            account = homeAccount;
          }
          RoleDirectory.Listing listing = listed.computeIfAbsent(account, directory::roles);
          if (listing.notListable().isPresent()) {
            problems.add("could not list the roles of account " + account + " to expand " + pattern + ": " + listing.notListable().get());
          }
          out.addAll(listing.roleArns());
        }
      }
    }
    return List.copyOf(out);
  }

  private static boolean wildcard(String s) {
    return s.contains("*") || s.contains("?");
  }

  /** The role, read once per exploration; empty once the read budget is spent. */
  private Optional<RoleDirectory.Role> role(String arn) {
    RoleDirectory.Role known = read.get(arn);
    if (known != null) {
      return Optional.of(known);
    }
    if (read.size() >= maxRoles) {
      return Optional.empty();
    }
    RoleDirectory.Role r = directory.role(arn);
    read.put(arn, r);
    return Optional.of(r);
  }

  private static void collect(List<Hop> hops, List<String> path, boolean conditional, List<Chip> own, Map<String, Reached> out) {
    for (Hop h : hops) {
      if (!h.reachable()) {
        continue;
      }
      List<String> here = new ArrayList<>(path);
      here.add(h.roleArn());
      boolean cond = conditional || h.status() == Status.CONDITIONAL;
      for (Chip c : h.sensitive()) {
        boolean held = own.stream().anyMatch(o -> o.action().equals(c.action()));
        Reached prior = out.get(c.action());
        if (!held && (prior == null || prior.path().size() > here.size())) {
          out.put(c.action(), new Reached(c.action(), c.category(), h.roleArn(), here,
              cond || c.scope() == PolicyEngine.Scope.CONDITIONAL));
        }
      }
      if (!h.cycle()) {
        collect(h.next(), here, cond, own, out);
      }
    }
  }
}
