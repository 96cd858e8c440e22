package io.periscope.aws.capabilities;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.model.EvaluationResult;

/**
 * The locked-feature probe: simulates the server's own IAM policy
 * ({@code iam:SimulatePrincipalPolicy} on the role {@code sts:GetCallerIdentity} names; the
 * identity is read once per process) over the actions AWS Access needs for the cluster, and
 * names the ones missing. The answer is kept for {@code freshness}; each request is audited
 * {@code aws_iam_read} {@code capabilities} (probe run) or {@code capabilities:cache_hit}.
 *
 * <p>When the probe is off, or the server may not simulate its own policy, AWS Access is
 * reported available with a note saying so (missing permissions then show where they are needed).
 * Without any AWS credentials it is locked.
 */
public final class AwsCapabilities {
  /** Read by every AWS Access answer: a role's policies. */
  public static final List<String> IAM_ACTIONS = List.of("iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies", "iam:GetPolicy", "iam:GetPolicyVersion");
  /** Read where the cluster names its EKS cluster: Pod Identity associations. */
  public static final List<String> EKS_ACTIONS = List.of("eks:ListPodIdentityAssociations", "eks:DescribePodIdentityAssociation");
  private static final Pattern IAM_PRINCIPAL = Pattern.compile("arn:(aws[a-z-]*):iam::(\\d{12}):.+");
  private static final Pattern ASSUMED_ROLE = Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/.*");

  public enum Reason { AVAILABLE, MISSING_IAM_PERMS, NO_CREDENTIALS, PROBE_DISABLED, PROBE_UNAVAILABLE }

  /**
   * @param probed whether the simulation ran (false: disabled, or it could not run — see {@code note})
   * @param callerArn the IAM principal simulated (null when unknown)
   * @param missing actions the server's role is not allowed, in {@code required} order
   */
  public record Capabilities(String cluster, boolean available, Reason reason, boolean probed, String callerArn, List<String> required,
      List<String> missing, String note, Instant checkedAt) {}

  private final ClusterRegistry clusters;
  private final AwsClients aws;
  private final AwsCalls calls;
  private final AuditTrail trail;
  private final Clock clock;
  private final Duration freshness;
  private final boolean probeEnabled;
  private final AtomicReference<String> caller = new AtomicReference<>();
  private final Map<String, Capabilities> answers = new ConcurrentHashMap<>();

  public AwsCapabilities(ClusterRegistry clusters, AwsClients aws, AuditTrail trail, Clock clock, Duration freshness, boolean probeEnabled) {
    this.clusters = clusters;
    this.aws = aws;
    this.calls = new AwsCalls(trail);
    this.trail = trail;
    this.clock = clock;
    this.freshness = freshness;
    this.probeEnabled = probeEnabled;
  }

  public Capabilities of(Principal who, String requestId, String cluster) {
    ClusterSpec spec = clusters.spec(cluster);
    List<String> required = required(spec);
    if (!probeEnabled) {
      return new Capabilities(cluster, true, Reason.PROBE_DISABLED, false, null, required, List.of(),
          "the IAM probe is off (aws.access.iamProbe / PERISCOPE_AWS_ACCESS_IAM_PROBE=false): a missing permission shows as an error "
              + "where it is needed", clock.instant());
    }
    var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_IAM_READ,
        new AuditEvent.Target(cluster, "", "aws-capabilities", ""), Map.of());
    Capabilities cached = answers.get(cluster);
    if (cached != null && clock.instant().isBefore(cached.checkedAt().plus(freshness))) {
      trail.record(audit.with(Map.of("op", "capabilities:cache_hit", "available", cached.available())), io.periscope.audit.Outcome.SUCCESS, "");
      return cached;
    }
    Capabilities fresh = trail.runNoting(audit.with(Map.of("op", "capabilities")), notes -> {
      Capabilities c = probe(spec, required, audit);
      notes.put("available", c.available());
      notes.put("missing", c.missing());
      return c;
    });
    answers.put(cluster, fresh);
    return fresh;
  }

  /** The IAM reads always; the EKS ones where Pod Identity applies. */
  static List<String> required(ClusterSpec spec) {
    List<String> out = new ArrayList<>();
    if (spec.eksName().isPresent() && spec.region().isPresent()) {
      out.addAll(EKS_ACTIONS);
    }
    out.addAll(IAM_ACTIONS);
    return List.copyOf(out);
  }

  private Capabilities probe(ClusterSpec spec, List<String> required, AuditTrail.Action audit) {
    Region region = spec.region().map(Region::of).orElse(Region.US_EAST_1);
    String principal;
    try {
      principal = callerPrincipal(region, audit);
    } catch (Problem e) {
      boolean noCredentials = e.errorCode() == ErrorCode.AWS_CREDENTIALS_UNAVAILABLE;
      return new Capabilities(spec.name(), !noCredentials, noCredentials ? Reason.NO_CREDENTIALS : Reason.PROBE_UNAVAILABLE, false, null,
          required, List.of(), e.getMessage(), clock.instant());
    }
    List<String> missing = new ArrayList<>();
    try {
      for (Check check : checks(spec, principal)) {
        List<EvaluationResult> results = calls.call(audit.with(Map.of("op", "simulate_principal_policy", "resource", check.resource())),
            "iam:SimulatePrincipalPolicy", () -> aws.iam(region).simulatePrincipalPolicyPaginator(r -> r.policySourceArn(principal)
                .actionNames(check.actions()).resourceArns(check.resource())).evaluationResults().stream().toList());
        check.actions().stream().filter(action -> results.stream().noneMatch(r ->
            r.evalActionName().equalsIgnoreCase(action) && r.evalDecisionAsString().equals("allowed")))
            .filter(action -> !missing.contains(action)).forEach(missing::add);
      }
    } catch (Problem e) {
      return new Capabilities(spec.name(), true, Reason.PROBE_UNAVAILABLE, false, principal, required, List.of(),
          "cannot simulate the server's IAM policy, so missing permissions are not named up front (they show where they are needed): "
              + e.getMessage(), clock.instant());
    }
    missing.sort(java.util.Comparator.comparingInt(required::indexOf));
    return new Capabilities(spec.name(), missing.isEmpty(), missing.isEmpty() ? Reason.AVAILABLE : Reason.MISSING_IAM_PERMS, true,
        principal, required, List.copyOf(missing), missing.isEmpty() ? "" : "grant " + (missing.size() == 1 ? "this action" : "these actions") + " to the server's IAM role", clock.instant());
  }

  /** Actions simulated together on one resource. */
  record Check(List<String> actions, String resource) {}

  /**
   * One simulation per kind of resource the actions act on, each on a representative ARN of the
   * server's account. Without {@code ResourceArns} IAM simulates {@code *}, which a least-privilege
   * statement ({@code role/*}, the cluster's ARN) does not match, so scoped grants would read as missing.
   * A principal whose ARN names no account (never seen from STS) is simulated on {@code *}.
   */
  static List<Check> checks(ClusterSpec spec, String principalArn) {
    Matcher arn = IAM_PRINCIPAL.matcher(principalArn);
    if (!arn.matches()) {
      return List.of(new Check(required(spec), "*"));
    }
    String partition = arn.group(1);
    String account = arn.group(2);
    String iam = "arn:" + partition + ":iam::" + account + ":";
    List<Check> checks = new ArrayList<>();
    if (spec.eksName().isPresent() && spec.region().isPresent()) {
      String eks = "arn:" + partition + ":eks:" + spec.region().get() + ":" + account + ":";
      String cluster = spec.eksName().get();
      checks.add(new Check(List.of(EKS_ACTIONS.get(0)), spec.arn().orElse(eks + "cluster/" + cluster)));
      checks.add(new Check(List.of(EKS_ACTIONS.get(1)), eks + "podidentityassociation/" + cluster + "/a-periscopeprobe000"));
    }
    checks.add(new Check(IAM_ACTIONS.subList(0, 4), iam + "role/periscope-capability-probe"));
    checks.add(new Check(IAM_ACTIONS.subList(4, 6), iam + "policy/periscope-capability-probe"));
    checks.add(new Check(IAM_ACTIONS.subList(4, 6), "arn:" + partition + ":iam::aws:policy/periscope-capability-probe"));
    return List.copyOf(checks);
  }

  /** The IAM principal behind the server's credentials: an assumed role's role (its path is not in the STS ARN), else the ARN itself. */
  private String callerPrincipal(Region region, AuditTrail.Action audit) {
    String known = caller.get();
    if (known != null) {
      return known;
    }
    String arn = calls.call(audit.with(Map.of("op", "get_caller_identity")), "sts:GetCallerIdentity",
        () -> aws.sts(region).getCallerIdentity().arn());
    String principal = principalOf(arn).orElse(arn);
    caller.compareAndSet(null, principal);
    return principal;
  }

  /** {@code arn:aws:sts::123:assumed-role/R/session} → {@code arn:aws:iam::123:role/R}. */
  static Optional<String> principalOf(String callerArn) {
    Matcher m = ASSUMED_ROLE.matcher(callerArn);
    return m.matches() ? Optional.of("arn:" + m.group(1) + ":iam::" + m.group(2) + ":role/" + m.group(3)) : Optional.empty();
  }
}
