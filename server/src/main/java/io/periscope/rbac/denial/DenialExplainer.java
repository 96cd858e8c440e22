package io.periscope.rbac.denial;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.authz.IdentityResolver;
import io.periscope.authz.ImpersonatedIdentity;
import io.periscope.authz.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * For a 403 from the apiserver: the refused request and the minimal grant of it, bound to the user
 * the apiserver refused, and, as alternatives, to each group Periscope impersonates for the person
 * (binding a group grants it to everyone in it; the person's admin picks).
 */
public final class DenialExplainer {
  /** At most this many group alternatives (an IdP can put a person in hundreds of groups). */
  static final int MAX_GROUPS = 10;

  private final IdentityResolver identities;

  public DenialExplainer(IdentityResolver identities) {
    this.identities = identities;
  }

  /** One ready-to-hand grant. */
  public record Grant(MinimalGrant.SubjectKind subjectKind, String subject, String yaml) {}

  /**
   * @param summary what the grant allows, in words
   * @param note what to know before asking (empty when nothing)
   */
  public record AskAdmin(String summary, String scope, List<Grant> grants, String note) {}

  /** The error body's extra fields for a refusal: the request and what to ask for. */
  public record Explanation(DeniedRequest denied, AskAdmin askAdmin) {}

  /** Empty when the failure is not a 403 whose Status states the refused request. */
  public Optional<Explanation> explain(KubernetesClientException e, Optional<Principal> who) {
    if (e.getCode() != 403) {
      return Optional.empty();
    }
    return DeniedRequest.of(e.getStatus()).map(d -> explain(d, who.flatMap(this::impersonated)));
  }

  /**
   * For a refusal whose request Periscope knows itself, when the apiserver's Status is lost (a
   * refused WebSocket handshake: the client keeps no body). The request's user becomes the one
   * Periscope impersonates for {@code who}; empty when it impersonates nobody (the cluster saw
   * Periscope's own identity, whose name the server does not know). {@code note} is added to the
   * explanation's note (empty for none).
   */
  public Optional<Explanation> explainKnown(DeniedRequest d, Principal who, String note) {
    return impersonated(who).map(identity -> explain(new DeniedRequest(identity.user(), d.verb(), d.apiGroup(), d.resource(),
        d.subresource(), d.namespace(), d.name(), d.path()), Optional.of(identity), note));
  }

  static Explanation explain(DeniedRequest d, Optional<ImpersonatedIdentity> identity) {
    return explain(d, identity, "");
  }

  private static Explanation explain(DeniedRequest denied, Optional<ImpersonatedIdentity> identity, String extraNote) {
    DeniedRequest d = lasting(denied);
    List<Grant> grants = new ArrayList<>();
    grants.add(new Grant(MinimalGrant.SubjectKind.User, d.user(), MinimalGrant.yaml(d, MinimalGrant.SubjectKind.User, d.user())));
    identity.filter(i -> i.user().equals(d.user())).ifPresent(i -> i.groups().stream().limit(MAX_GROUPS)
        .forEach(g -> grants.add(new Grant(MinimalGrant.SubjectKind.Group, g, MinimalGrant.yaml(d, MinimalGrant.SubjectKind.Group, g)))));
    String note = String.join(" ", Stream.of(d.user().startsWith("system:")
        ? "The apiserver refused " + d.user() + ", Periscope's own identity (shared mode): a grant to it is a grant to every Periscope user."
        : "", secretValues(d), unpinnedPod(denied, d), extraNote).filter(n -> !n.isEmpty()).toList());
    return new Explanation(denied, new AskAdmin(MinimalGrant.describe(d), d.clusterWide() ? "cluster" : "namespace", grants, note));
  }

  /**
   * The request a grant should allow so that it keeps working: a pod's name is not narrowed to (a
   * rollout or a reschedule replaces the pod under a new name, and a Role naming it would stop
   * working within the day); every other named object is.
   */
  static DeniedRequest lasting(DeniedRequest d) {
    // Reading a pod, its log, a shell, an attach or a port-forward: what a person does to whichever pod runs now. A write
    // to one pod (delete, patch) stays narrowed to it.
    boolean reach = d.subresource().isEmpty() ? d.verb().equals("get") : Set.of("exec", "attach", "portforward", "log").contains(d.subresource());
    boolean pod = d.apiGroup().isEmpty() && d.resource().equals("pods") && reach && !d.name().isEmpty() && !d.clusterWide();
    return pod ? new DeniedRequest(d.user(), d.verb(), d.apiGroup(), d.resource(), d.subresource(), d.namespace(), "", d.path()) : d;
  }

  private static String unpinnedPod(DeniedRequest denied, DeniedRequest granted) {
    return denied == granted ? "" : "Not narrowed to pod " + denied.name() + ": pods are replaced under new names (a rollout, a"
        + " reschedule), so a grant naming one stops working; this one covers every pod in namespace " + denied.namespace() + ".";
  }

  /** Reading Secrets is reading their values: the grant is worth more than its one line says. */
  private static String secretValues(DeniedRequest d) {
    if (!d.apiGroup().isEmpty() || !d.resource().equals("secrets") || !d.subresource().isEmpty()
        || !Set.of("get", "list", "watch").contains(d.verb())) {
      return "";
    }
    String which = d.name().isEmpty() ? "every Secret " + (d.clusterWide() ? "in the cluster" : "in namespace " + d.namespace()) : "Secret " + d.name();
    return "Reading Secrets returns their values: whoever holds this grant can read the credentials in " + which + ".";
  }

  private Optional<ImpersonatedIdentity> impersonated(Principal who) {
    try {
      return identities.resolve(who);
    } catch (RuntimeException noIdentity) {
      return Optional.empty();
    }
  }
}
