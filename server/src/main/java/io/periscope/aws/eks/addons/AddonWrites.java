package io.periscope.aws.eks.addons;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.aws.eks.EksTarget;
import io.periscope.aws.eks.KubernetesMinor;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Addon;
import software.amazon.awssdk.services.eks.model.AddonPodIdentityAssociations;

/**
 * Install, update and delete of EKS add-ons: a person's decision executed with the server's AWS
 * identity. Each write is one {@code addon_write} row (phase {@code submitted}) with the person,
 * cluster, add-on, from/to versions and outcome; a refusal by {@link AddonWritePermission} is a
 * {@code denied} row and nothing is asked of AWS. Configuration values are checked against the
 * target version's schema before submit. Once AWS accepted a write, it is watched until a terminal
 * state and a second row (phase {@code completed}) records how it ended.
 */
public final class AddonWrites implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AddonWrites.class);

  /** What was submitted: the add-on's status right after, and the update to follow for an update. */
  public record Submitted(String op, String addonName, String fromVersion, String toVersion, String status, String updateId) {}

  /** How often an accepted write is looked at, and for how long at most. */
  public record Watch(Duration interval, Duration limit) {
    public static Watch defaults() {
      return new Watch(Duration.ofSeconds(5), Duration.ofMinutes(30));
    }
  }

  private final AwsClients aws;
  private final AuditTrail trail;
  private final AddonWritePermission permission;
  private final Watch watch;
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
      Thread.ofVirtual().name("addon-write-watch").factory());

  public AddonWrites(AwsClients aws, AuditTrail trail, AddonWritePermission permission, Watch watch) {
    this.aws = aws;
    this.trail = trail;
    this.permission = permission;
    this.watch = watch;
  }

  public AddonWritePermission permission() {
    return permission;
  }

  /** What {@code request} would change; reads only (audited by the caller's {@code read} row). */
  public AddonPreview preview(AuthenticatedUser user, EksTarget target, AddonWriteRequest.Op op, String name, AddonWriteRequest request,
      AuditTrail.Action read) {
    request.checked(op, name);
    EksClient eks = aws.eks(target.region());
    return trail.run(read, () -> AwsCalls.unaudited("eks:DescribeAddon", () -> {
      Optional<InstalledAddon> current = installed(eks, target, name);
      if (op == AddonWriteRequest.Op.INSTALL && current.isPresent()) {
        throw new Problem(ErrorCode.APPLY_CONFLICT, "add-on " + name + " is already installed (version " + current.get().version()
            + "); update it instead");
      }
      if (op != AddonWriteRequest.Op.INSTALL && current.isEmpty()) {
        throw Problem.notFound("add-on " + name + " is not installed on EKS cluster " + target.eksName());
      }
      List<AddonPreview.Change> changes = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      String from = current.map(InstalledAddon::version).orElse(null);
      String to = op == AddonWriteRequest.Op.DELETE ? null : request.addonVersion();
      ConfigurationValues.Verdict verdict = new ConfigurationValues.Verdict(true, false, List.of());
      if (op == AddonWriteRequest.Op.DELETE) {
        changes.add(new AddonPreview.Change("addon", name + " " + from, "removed from EKS management"));
        changes.add(new AddonPreview.Change("kubernetesResources", "running", Boolean.TRUE.equals(request.preserve())
            ? "kept on the cluster (preserve)" : "deleted from the cluster"));
      } else {
        changes.add(new AddonPreview.Change("addonVersion", from, to));
        if (request.changesConfiguration()) {
          changes.add(new AddonPreview.Change("configurationValues", current.map(InstalledAddon::configurationValues).orElse(null),
              request.configurationValues()));
        }
        if (request.serviceAccountRoleArn() != null && !Objects.equals(request.serviceAccountRoleArn(),
            current.map(InstalledAddon::serviceAccountRoleArn).orElse(null))) {
          changes.add(new AddonPreview.Change("serviceAccountRoleArn", current.map(InstalledAddon::serviceAccountRoleArn).orElse(null),
              request.serviceAccountRoleArn().isEmpty() ? null : request.serviceAccountRoleArn()));
        }
        if (!request.podIdentityAssociations().isEmpty()) {
          changes.add(new AddonPreview.Change("podIdentityAssociations",
              String.join(", ", current.map(InstalledAddon::podIdentityAssociations).orElse(List.of())),
              String.join(", ", request.podIdentityAssociations().stream().map(p -> p.serviceAccount() + " → " + p.roleArn()).toList())));
        }
        AddonConfiguration configuration = Addons.configuration(eks, name, to);
        verdict = request.changesConfiguration() ? ConfigurationValues.validate(request.configurationValues(), configuration.schema())
            : new ConfigurationValues.Verdict(true, configuration.schema() != null, List.of());
        boolean roleGiven = (request.serviceAccountRoleArn() != null && !request.serviceAccountRoleArn().isEmpty())
            || !request.podIdentityAssociations().isEmpty() || current.map(a -> a.serviceAccountRoleArn() != null
            || !a.podIdentityAssociations().isEmpty()).orElse(false);
        warnings.addAll(compatibilityWarnings(eks, target, name, to, roleGiven));
      }
      return new AddonPreview(op.wireName(), name, from, to, changes, request.resolveConflicts(),
          AddonPreview.meaning(request.resolveConflicts()), verdict, warnings, permission.allows(user), permission.rule(user.mode()));
    }));
  }

  public Submitted install(AuthenticatedUser user, String requestId, EksTarget target, AddonWriteRequest request) {
    String name = request.addonName();
    request.checked(AddonWriteRequest.Op.INSTALL, name);
    EksClient eks = aws.eks(target.region());
    var action = action(user, requestId, target, AddonWriteRequest.Op.INSTALL, name, request);
    Submitted done = trail.runNoting(action, notes -> {
      permission.check(user);
      checkConfiguration(eks, name, request);
      Addon a = AwsCalls.unaudited("eks:CreateAddon", () -> eks.createAddon(r -> {
        r.clusterName(target.eksName()).addonName(name).addonVersion(request.addonVersion()).resolveConflicts(request.resolveConflicts());
        if (request.changesConfiguration()) {
          r.configurationValues(request.configurationValues());
        }
        if (request.serviceAccountRoleArn() != null && !request.serviceAccountRoleArn().isEmpty()) {
          r.serviceAccountRoleArn(request.serviceAccountRoleArn());
        }
        if (!request.podIdentityAssociations().isEmpty()) {
          r.podIdentityAssociations(associations(request));
        }
      }).addon());
      notes.put("status", a.statusAsString());
      return new Submitted("install", name, null, request.addonVersion(), a.statusAsString(), null);
    });
    watchAddon(target, action, AddonWriteRequest.Op.INSTALL);
    return done;
  }

  public Submitted update(AuthenticatedUser user, String requestId, EksTarget target, String name, AddonWriteRequest request) {
    request.checked(AddonWriteRequest.Op.UPDATE, name);
    EksClient eks = aws.eks(target.region());
    var action = action(user, requestId, target, AddonWriteRequest.Op.UPDATE, name, request);
    Map<String, Object> learnt = new LinkedHashMap<>();
    Submitted done = trail.runNoting(action, notes -> {
      permission.check(user);
      String from = Addons.describe(eks, target, name).version();
      notes.put("from", from);
      learnt.put("from", from);
      checkConfiguration(eks, name, request);
      var update = AwsCalls.unaudited("eks:UpdateAddon", () -> eks.updateAddon(r -> {
        r.clusterName(target.eksName()).addonName(name).addonVersion(request.addonVersion()).resolveConflicts(request.resolveConflicts());
        if (request.changesConfiguration()) {
          r.configurationValues(request.configurationValues());
        }
        if (request.serviceAccountRoleArn() != null) {
          r.serviceAccountRoleArn(request.serviceAccountRoleArn());
        }
        if (!request.podIdentityAssociations().isEmpty()) {
          r.podIdentityAssociations(associations(request));
        }
      }).update());
      notes.put("updateId", update.id());
      learnt.put("updateId", update.id());
      return new Submitted("update", name, from, request.addonVersion(), update.statusAsString(), update.id());
    });
    watchUpdate(target, action.with(learnt), name, done.updateId());
    return done;
  }

  public Submitted delete(AuthenticatedUser user, String requestId, EksTarget target, String name, AddonWriteRequest request) {
    request.checked(AddonWriteRequest.Op.DELETE, name);
    EksClient eks = aws.eks(target.region());
    var action = action(user, requestId, target, AddonWriteRequest.Op.DELETE, name, request);
    Map<String, Object> learnt = new LinkedHashMap<>();
    Submitted done = trail.runNoting(action, notes -> {
      permission.check(user);
      String from = Addons.describe(eks, target, name).version();
      notes.put("from", from);
      learnt.put("from", from);
      Addon a = AwsCalls.unaudited("eks:DeleteAddon", () -> eks.deleteAddon(r -> r.clusterName(target.eksName()).addonName(name)
          .preserve(request.preserve())).addon());
      return new Submitted("delete", name, from, null, a.statusAsString(), null);
    });
    watchAddon(target, action.with(learnt), AddonWriteRequest.Op.DELETE);
    return done;
  }

  private static List<AddonPodIdentityAssociations> associations(AddonWriteRequest request) {
    return request.podIdentityAssociations().stream()
        .map(p -> AddonPodIdentityAssociations.builder().serviceAccount(p.serviceAccount()).roleArn(p.roleArn()).build()).toList();
  }

  /** Schema check before submit: a 400 that leaves no row and changes nothing. */
  private static void checkConfiguration(EksClient eks, String name, AddonWriteRequest request) {
    if (!request.changesConfiguration()) {
      return;
    }
    AddonConfiguration configuration = Addons.configuration(eks, name, request.addonVersion());
    ConfigurationValues.Verdict verdict = ConfigurationValues.validate(request.configurationValues(), configuration.schema());
    if (!verdict.valid()) {
      throw new Problem(ErrorCode.INVALID_ADDON_CONFIGURATION, "configuration values for " + name + " " + request.addonVersion()
          + " do not match its schema: " + String.join("; ", verdict.errors()));
    }
  }

  private static Optional<InstalledAddon> installed(EksClient eks, EksTarget target, String name) {
    try {
      return Optional.of(Addons.describe(eks, target, name));
    } catch (Problem p) {
      if (p.errorCode() == ErrorCode.AWS_NOT_FOUND) {
        return Optional.empty();
      }
      throw p;
    }
  }

  private static List<String> compatibilityWarnings(EksClient eks, EksTarget target, String name, String to, boolean roleGiven) {
    String current = Addons.clusterVersion(eks, target);
    String next = KubernetesMinor.parse(current).map(m -> m.next().toString()).orElse("");
    PublishedAddon published = Addons.published(eks, name);
    Optional<PublishedAddon.Release> release = published.versions().stream().filter(r -> r.version().equals(to)).findFirst();
    List<String> out = new ArrayList<>();
    if (release.isEmpty()) {
      out.add(to + " is not a published version of " + name);
      return out;
    }
    if (!release.get().compatibleWith(current)) {
      out.add(to + " is not published for Kubernetes " + current + ", the cluster's version");
    }
    boolean nextPublished = published.versions().stream().anyMatch(r -> r.compatibleWith(next));
    if (nextPublished && !release.get().compatibleWith(next)) {
      out.add(to + " is not compatible with Kubernetes " + next + ": it will block the next upgrade");
    }
    if (release.get().requiresIamPermissions() && !roleGiven) {
      out.add(name + " " + to + " needs IAM permissions: give it a role (IRSA or Pod Identity)");
    }
    return out;
  }

  private AuditTrail.Action action(AuthenticatedUser user, String requestId, EksTarget target, AddonWriteRequest.Op op, String name,
      AddonWriteRequest request) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("op", op.wireName());
    extra.put("phase", "submitted");
    extra.put("eksCluster", target.eksName());
    if (request.addonVersion() != null) {
      extra.put("to", request.addonVersion());
    }
    if (request.resolveConflicts() != null) {
      extra.put("resolveConflicts", request.resolveConflicts());
    }
    if (request.preserve() != null) {
      extra.put("preserve", request.preserve());
    }
    return new AuditTrail.Action(AuditTrail.actor(user.principal()), requestId, Verb.ADDON_WRITE,
        new AuditEvent.Target(target.cluster(), "", "eks-addons", name), extra);
  }

  /** Watches an update until {@code DescribeUpdate} is terminal, then records the {@code completed} row. */
  private void watchUpdate(EksTarget target, AuditTrail.Action submitted, String name, String updateId) {
    AuditTrail.Action completed = submitted.with(Map.of("phase", "completed"));
    poll(completed, () -> {
      AddonUpdate u = Addons.update(aws.eks(target.region()), target, name, updateId);
      if (!u.terminal()) {
        return Optional.empty();
      }
      String errors = String.join("; ", u.errors().stream().map(e -> e.code() + ": " + e.message()).toList());
      return Optional.of(u.status().equals("Successful") ? new Ended(Outcome.SUCCESS, "", u.status())
          : new Ended(Outcome.FAILURE, u.status() + (errors.isEmpty() ? "" : ": " + errors), u.status()));
    });
  }

  /** Watches an install or delete through the add-on's status. */
  private void watchAddon(EksTarget target, AuditTrail.Action submitted, AddonWriteRequest.Op op) {
    AuditTrail.Action completed = submitted.with(Map.of("phase", "completed"));
    String name = submitted.target().name();
    poll(completed, () -> {
      InstalledAddon a;
      try {
        a = Addons.describe(aws.eks(target.region()), target, name);
      } catch (Problem p) {
        if (p.errorCode() == ErrorCode.AWS_NOT_FOUND && op == AddonWriteRequest.Op.DELETE) {
          return Optional.of(new Ended(Outcome.SUCCESS, "", "DELETED"));
        }
        throw p;
      }
      if (InstalledAddon.inProgress(a.status())) {
        return Optional.empty();
      }
      String issues = String.join("; ", a.health().stream().map(i -> i.code() + ": " + i.message()).toList());
      return Optional.of("ACTIVE".equals(a.status()) && op == AddonWriteRequest.Op.INSTALL ? new Ended(Outcome.SUCCESS, "", a.status())
          : new Ended(Outcome.FAILURE, a.status() + (issues.isEmpty() ? "" : ": " + issues), a.status()));
    });
  }

  private record Ended(Outcome outcome, String reason, String state) {}

  private void poll(AuditTrail.Action completed, java.util.function.Supplier<Optional<Ended>> look) {
    long max = Math.max(1, watch.limit().toMillis() / Math.max(1, watch.interval().toMillis()));
    AtomicInteger polls = new AtomicInteger();
    Runnable[] step = new Runnable[1];
    step[0] = () -> {
      Optional<Ended> ended;
      try {
        ended = look.get();
      } catch (RuntimeException e) {
        ended = Optional.of(new Ended(Outcome.FAILURE, "could not read the outcome: " + AuditTrail.reasonOf(e), "UNKNOWN"));
      }
      if (ended.isPresent()) {
        trail.record(completed.with(Map.of("state", ended.get().state())), ended.get().outcome(), ended.get().reason());
      } else if (polls.incrementAndGet() >= max) {
        trail.record(completed.with(Map.of("state", "UNKNOWN")), Outcome.FAILURE,
            "still in progress after " + watch.limit() + "; stopped watching");
      } else {
        schedule(step[0]);
      }
    };
    schedule(step[0]);
  }

  private void schedule(Runnable step) {
    try {
      watcher.schedule(step, watch.interval().toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.info("server stopping: an add-on write is no longer watched");
    }
  }

  @Override
  public void close() {
    watcher.shutdownNow();
  }
}
