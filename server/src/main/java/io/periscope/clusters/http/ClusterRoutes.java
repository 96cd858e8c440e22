package io.periscope.clusters.http;

import io.fabric8.kubernetes.api.model.Namespace;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.http.CurrentUser;
import io.periscope.clusters.ClusterRegistry;
import io.periscope.clusters.ClusterSpec;
import io.periscope.clusters.Reachability;
import io.periscope.clusters.ReachabilityProbe;
import io.periscope.k8s.ImpersonatingClients;
import java.util.List;
import java.util.Map;

/** {@code GET /api/clusters} (registry + reachability) and the namespaces of one cluster as the person. */
public final class ClusterRoutes {
  private final ClusterRegistry registry;
  private final ReachabilityProbe probe;
  private final ImpersonatingClients clients;

  /** One entry of the cluster list. */
  public record ClusterView(String name, String backend, String region, String environment, Map<String, String> tags,
      Reachability reachability) {}

  private ClusterRoutes(ClusterRegistry registry, ReachabilityProbe probe, ImpersonatingClients clients) {
    this.registry = registry;
    this.probe = probe;
    this.clients = clients;
  }

  public static void register(RoutesConfig routes, ClusterRegistry registry, ReachabilityProbe probe, ImpersonatingClients clients) {
    var r = new ClusterRoutes(registry, probe, clients);
    routes.get("/api/clusters", r::list);
    routes.get("/api/clusters/{cluster}/namespaces", r::namespaces);
  }

  private void list(Context ctx) {
    CurrentUser.of(ctx);
    List<ClusterView> views = registry.clusters().stream().map(this::view).toList();
    ctx.json(Map.of("clusters", views));
  }

  private ClusterView view(ClusterSpec s) {
    return new ClusterView(s.name(), s.backend().wireName(), s.region().orElse(null), s.environment(), s.tags(), probe.last(s.name()));
  }

  private void namespaces(Context ctx) {
    var user = CurrentUser.of(ctx);
    String cluster = ctx.pathParam("cluster");
    registry.spec(cluster);
    List<String> names = clients.forUser(cluster, user.principal()).namespaces().list().getItems().stream()
        .map(Namespace::getMetadata).map(m -> m.getName()).sorted().toList();
    ctx.json(Map.of("namespaces", names));
  }
}
