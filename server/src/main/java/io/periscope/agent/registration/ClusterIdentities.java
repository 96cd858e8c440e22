package io.periscope.agent.registration;

import io.periscope.agent.registration.RegistrationStore.ClusterBinding;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Which Kubernetes cluster an agent cluster name stands for: the UID of its {@code kube-system}
 * Namespace, which the agent reads with its own ServiceAccount and sends in its Hello. The name is
 * bound to the first UID seen after registration (trust on first use). A later agent with another
 * UID is refused — its certificate was used in the wrong cluster, or the cluster was rebuilt —
 * until an administrator re-binds the name. Replicas and renewed agents of the same cluster send
 * the same UID and pass. An agent that sends none (an older release, or no RBAC to read it) is
 * admitted unverified while the name is unbound; once it is bound such an agent is refused
 * ({@code identity_missing}), since it could be running anywhere. Deregistering the cluster forgets the binding.
 */
public final class ClusterIdentities {
  /** Kubernetes UIDs are UUIDs; anything UID-like is accepted, nothing that could carry more. */
  private static final Pattern UID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,127}");

  private final RegistrationStore store;
  private final Clock clock;
  private final List<Consumer<Decision>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ClusterBinding>> rebindListeners = new CopyOnWriteArrayList<>();

  /** What a Hello's identity did to the agent's connection. */
  public enum Outcome {
    /** The first identity seen: the cluster name is now bound to it. */
    BOUND,
    /** The identity the name is bound to. */
    MATCHED,
    /** No identity sent to an unbound name: admitted as before, shown unverified. */
    UNVERIFIED,
    /** Another identity than the bound one, none once bound, or one that is no UID: refused ({@link Refusal} says which). */
    REFUSED
  }

  /** Why a Hello's identity was refused; its wire name starts the refusal's message and names the agent's state. */
  public enum Refusal {
    /** Another UID than the bound one: another cluster, or the cluster was rebuilt. */
    IDENTITY_CONFLICT,
    /** No UID, once the name is bound. */
    IDENTITY_MISSING,
    /** Something that is no Kubernetes UID. */
    IDENTITY_INVALID;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One decision.
   *
   * @param binding the binding in force (null for {@link Outcome#UNVERIFIED} of an unbound cluster)
   * @param presented the UID the agent sent ("" when none)
   * @param refusal why it was refused (null unless refused)
   * @param message why it was refused, for the agent and the audit log; "" unless refused
   * @param newConflict refused, and the first refusal of this UID since the binding (each is audited once)
   */
  public record Decision(String cluster, Outcome outcome, ClusterBinding binding, String presented, Refusal refusal, String message,
      boolean newConflict) {
    public boolean admitted() {
      return outcome != Outcome.REFUSED;
    }
  }

  public ClusterIdentities(RegistrationStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Whether {@code uid} looks like a Kubernetes UID (what a Hello or a re-bind may carry). */
  public static boolean validUid(String uid) {
    return uid != null && UID.matcher(uid).matches();
  }

  /**
   * Decides on the identity an agent of {@code cluster} sent; binds on first use, records a conflict.
   * The listeners hear bindings and first refusals of a UID.
   */
  public Decision check(String cluster, String presented) {
    Decision d = decide(cluster, presented == null ? "" : presented);
    if (d.outcome() == Outcome.BOUND || d.newConflict()) {
      listeners.forEach(l -> l.accept(d));
    }
    return d;
  }

  private Decision decide(String cluster, String presented) {
    if (presented.isEmpty()) {
      Optional<ClusterBinding> bound = store.binding(cluster);
      return bound.map(b -> new Decision(cluster, Outcome.REFUSED, b, "", Refusal.IDENTITY_MISSING, missingMessage(cluster, b.uid()), false))
          .orElseGet(() -> new Decision(cluster, Outcome.UNVERIFIED, null, "", null, "", false));
    }
    if (!validUid(presented)) {
      return new Decision(cluster, Outcome.REFUSED, store.binding(cluster).orElse(null), "", Refusal.IDENTITY_INVALID,
          "identity_invalid: the agent sent a cluster identity that is not a Kubernetes UID (the kube-system Namespace's metadata.uid)", false);
    }
    Optional<ClusterBinding> before = store.binding(cluster);
    if (before.isEmpty()) {
      ClusterBinding now = store.bindIfUnbound(cluster, presented, clock.instant());
      if (now.uid().equals(presented)) {
        return new Decision(cluster, Outcome.BOUND, now, presented, null, "", false);
      }
      before = Optional.of(now); // another replica bound it to another cluster a moment ago
    }
    ClusterBinding bound = before.get();
    if (bound.uid().equals(presented)) {
      return new Decision(cluster, Outcome.MATCHED, bound, presented, null, "", false);
    }
    boolean fresh = bound.lastConflict().map(c -> !c.uid().equals(presented)).orElse(true);
    store.recordConflict(cluster, presented, clock.instant());
    return new Decision(cluster, Outcome.REFUSED, store.binding(cluster).orElse(bound), presented, Refusal.IDENTITY_CONFLICT,
        conflictMessage(cluster, bound.uid(), presented), fresh);
  }

  /** Why an agent that sent no identity is refused once the name is bound, and what lets it in. */
  public static String missingMessage(String cluster, String boundUid) {
    return "identity_missing: cluster " + cluster + " is bound to kube-system UID " + boundUid + ", and this agent sent no cluster"
        + " identity, so it could be running in any cluster: it needs get on namespaces with resourceNames [kube-system]"
        + " (the agent chart's clusterIdentity.enabled, on by default) or a release that reads it; it reads it again before"
        + " each connection attempt";
  }

  /** Why a live tunnel of another identity is dropped once the cluster is (re-)bound to {@code uid}. */
  public static String reboundMessage(String cluster, String uid) {
    return "identity_conflict: cluster '" + cluster + "' was re-bound to kube-system UID " + uid + ", and this agent runs in another cluster";
  }

  /** What the refused agent logs and the audit row says: both UIDs, the likely causes and the way out. */
  static String conflictMessage(String cluster, String boundUid, String presented) {
    return "identity_conflict: this certificate is for cluster " + cluster + ", bound to kube-system UID " + boundUid
        + "; this agent runs in a cluster with UID " + presented + ": the token was used in the wrong cluster, or the cluster was"
        + " rebuilt; an administrator can re-bind it on the console's Agents page (POST /api/agents/" + cluster
        + "/identity/rebind {\"uid\": \"" + presented + "\"})";
  }

  /**
   * Binds the cluster to {@code uid} whatever it was bound to, and forgets its conflict; the re-bind
   * listeners drop live tunnels of other identities.
   *
   * @return the binding before, if there was one
   * @throws IllegalArgumentException when {@code uid} is not a Kubernetes UID
   */
  public Optional<ClusterBinding> rebind(String cluster, String uid) {
    if (!validUid(uid)) {
      throw new IllegalArgumentException("uid must be a Kubernetes UID (the kube-system Namespace's metadata.uid), got '"
          + (uid == null ? "" : uid.substring(0, Math.min(uid.length(), 64))) + "'");
    }
    Optional<ClusterBinding> before = store.binding(cluster);
    store.rebind(cluster, uid, clock.instant());
    ClusterBinding now = store.binding(cluster).orElseThrow();
    rebindListeners.forEach(l -> l.accept(now));
    return before;
  }

  public Optional<ClusterBinding> binding(String cluster) {
    return store.binding(cluster);
  }

  /** Told every binding made and every first refusal of a UID, on the caller's thread (the audit log). */
  public void onDecision(Consumer<Decision> listener) {
    listeners.add(listener);
  }

  /** Told the new binding after each re-bind. */
  public void onRebind(Consumer<ClusterBinding> listener) {
    rebindListeners.add(listener);
  }
}
