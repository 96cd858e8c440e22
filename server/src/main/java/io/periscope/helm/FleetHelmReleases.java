package io.periscope.helm;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterFanOut;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.k8s.ImpersonatingClients;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every cluster's Helm releases in one table, for the question an SRE asks of a fleet ("which
 * clusters run ingress-nginx 4.7?"): each cluster's release list is read as the person, through a
 * {@link ClusterFanOut}, and audited as that cluster's {@code helm_read} ({@code view: fleet_list}).
 * A cluster that refuses, fails or does not answer in time gets a status line instead of rows and
 * never holds the others back.
 */
public final class FleetHelmReleases {
  /** One release with the cluster it lives on. */
  public record Row(String cluster, ReleaseSummary release) {}

  /**
   * How one cluster answered: {@code ok} (with how many releases and any storage kind it could not
   * list), or {@code forbidden}, {@code failed}, {@code timeout} with the API error code and message
   * its own page would have shown.
   */
  public record ClusterPart(String cluster, String status, String code, String message, int releases, List<String> warnings) {}

  /** @param partial some cluster did not answer (refused, failed, timed out): its releases are missing */
  public record Answer(List<Row> releases, List<ClusterPart> clusters, boolean partial) {}

  private final ClusterRegistry registry;
  private final ImpersonatingClients clients;
  private final AuditTrail trail;
  private final ClusterFanOut fanOut;

  public FleetHelmReleases(ClusterRegistry registry, ImpersonatingClients clients, AuditTrail trail, ClusterFanOut.Settings settings) {
    this.registry = registry;
    this.clients = clients;
    this.trail = trail;
    this.fanOut = new ClusterFanOut(settings);
  }

  public Answer list(Principal who, String requestId) {
    List<String> names = registry.clusters().stream().map(ClusterSpec::name).toList();
    var outcomes = fanOut.ask(names, cluster -> trail.run(new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.HELM_READ,
        new AuditEvent.Target(cluster, "", "helmreleases", ""), Map.of("view", "fleet_list")),
        () -> HelmReleases.list(clients.forUser(cluster, who), Optional.empty())));
    List<Row> rows = new ArrayList<>();
    List<ClusterPart> parts = new ArrayList<>();
    for (var outcome : outcomes) {
      var standing = ClusterFanOut.Standing.of(outcome, requestId);
      int releases = 0;
      List<String> warnings = List.of();
      if (outcome instanceof ClusterFanOut.Outcome.Answered<HelmReleases.ReleaseList> a) {
        a.value().releases().forEach(r -> rows.add(new Row(a.cluster(), r)));
        releases = a.value().releases().size();
        warnings = a.value().warnings();
      }
      parts.add(new ClusterPart(outcome.cluster(), standing.status(), standing.code(), standing.message(), releases, warnings));
    }
    rows.sort(Comparator.comparing((Row r) -> r.release().chart() == null ? "" : r.release().chart())
        .thenComparing(Row::cluster).thenComparing(r -> r.release().namespace()).thenComparing(r -> r.release().name()));
    return new Answer(rows, parts, parts.stream().anyMatch(p -> !p.status().equals("ok")));
  }
}
