package io.periscope.aws.inspector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.Problem;
import io.periscope.resources.AccessReviews;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a person sees of Inspector: the chips of a list and the Security tab of one object, read
 * from the {@link InspectorCache} (not audited: they are the server's own metadata reads), and
 * the refresh of one object (audited {@code inspector_refresh}). The person must be allowed to
 * list the kind (chips) or read the object (Security tab, refresh): the apiserver decides.
 */
public final class InspectorFindings {
  private final ImpersonatingClients clients;
  private final AccessReviews reviews;
  private final InspectorCache cache;
  private final AuditTrail trail;

  public InspectorFindings(ImpersonatingClients clients, AccessReviews reviews, InspectorCache cache, AuditTrail trail) {
    this.clients = clients;
    this.reviews = reviews;
    this.cache = cache;
    this.trail = trail;
  }

  /** A list's chips by row key ({@code namespace/name}, or {@code name} for nodes and NodeClaims). */
  public record Chips(String cluster, String kind, InspectorCache.Status status, String message, Instant readAt, Map<String, Chip> items) {}

  /** What one object runs: its images (with digests) and its EC2 instance. */
  private record Target(List<PodImages.Image> images, Optional<NodeInstance> instance) {}

  /** @throws Problem 403 when the person may not list the kind there */
  public Chips chips(Principal who, String cluster, InspectorEntity kind, Optional<String> namespace) {
    String ns = kind.namespaced() ? namespace.orElse("") : "";
    // a mutable list: the batch check asks contains(null), which an immutable List.of refuses
    var answer = reviews.check(cluster, who, new ArrayList<>(List.of(new AccessReviews.Check("list", kind.group(), kind.plural(), "", ns, ""))))
        .getFirst();
    if (!answer.answer().allowed()) {
      throw Problem.forbidden("you may not list " + kind.plural() + (ns.isEmpty() ? "" : " in namespace " + ns) + " in cluster '"
          + cluster + "'" + (answer.answer().reason().isBlank() ? "" : ": " + answer.answer().reason()));
    }
    InspectorCache.Snapshot s = cache.snapshot(cluster);
    Map<String, Chip> items = s.status() == InspectorCache.Status.DISABLED ? Map.of() : chipsOf(kind, ns, s, cache.pods(cluster));
    return new Chips(cluster, kind.plural(), s.status(), s.message(), s.readAt(), items);
  }

  /** The chips of the kind's objects in namespace {@code ns} (empty: all), from one snapshot and the watched pods. */
  static Map<String, Chip> chipsOf(InspectorEntity kind, String ns, InspectorCache.Snapshot s, List<Pod> pods) {
    Map<String, Chip> items = new LinkedHashMap<>();
    ChipMaker chips = new ChipMaker(s);
    switch (kind) {
      case PODS -> {
        for (Pod p : pods) {
          Set<String> digests = digests(p);
          if ((ns.isEmpty() || ns.equals(p.getMetadata().getNamespace())) && !digests.isEmpty()) { // none started: no chip
            items.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), chips.images(digests));
          }
        }
      }
      case DEPLOYMENTS, STATEFULSETS, DAEMONSETS -> {
        Map<String, Set<String>> byWorkload = new HashMap<>();
        for (Pod p : pods) {
          String podNs = p.getMetadata().getNamespace();
          if (!ns.isEmpty() && !ns.equals(podNs)) {
            continue;
          }
          PodImages.workload(p).filter(w -> w.startsWith(kind.plural() + "/")).ifPresent(w ->
              byWorkload.computeIfAbsent(podNs + "/" + w.substring(w.indexOf('/') + 1), k -> new TreeSet<>()).addAll(digests(p)));
        }
        byWorkload.forEach((key, digests) -> {
          if (!digests.isEmpty()) {
            items.put(key, chips.images(digests));
          }
        });
      }
      case NODES -> s.nodes().forEach(n -> items.put(n.node(), chips.instance(n.instanceId())));
      case NODECLAIMS -> s.nodes().forEach(n -> n.nodeClaim().ifPresent(c -> items.put(c, chips.instance(n.instanceId()))));
    }
    return items;
  }

  /** The object's Security tab. @throws Problem 404 when it does not exist; the apiserver's 403 when the person may not read it */
  public SecurityView security(Principal who, String cluster, InspectorEntity kind, String namespace, String name, FindingGroups.Filter filter) {
    Target target = target(who, cluster, kind, namespace, name);
    return view(cache.snapshot(cluster), cluster, kind, namespace, name, target, filter);
  }

  /** Reads the object's images or instance from Inspector again, audited {@code inspector_refresh}, and answers its Security tab. */
  public SecurityView refresh(Principal who, String requestId, String cluster, InspectorEntity kind, String namespace, String name,
      FindingGroups.Filter filter) {
    var audit = new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.INSPECTOR_REFRESH,
        new AuditEvent.Target(cluster, kind.namespaced() ? namespace : "", kind.plural(), name), Map.of("op", "refresh"));
    return trail.runNoting(audit, notes -> {
      Target target = target(who, cluster, kind, namespace, name);
      notes.put("images", target.images().size());
      notes.put("instances", target.instance().isPresent() ? 1 : 0);
      InspectorCache.Snapshot s = cache.reread(cluster, target.images(), target.instance().map(NodeInstance::instanceId).stream().toList());
      return view(s, cluster, kind, namespace, name, target, filter);
    });
  }

  private Target target(Principal who, String cluster, InspectorEntity kind, String namespace, String name) {
    KubernetesClient client = clients.forUser(cluster, who);
    String what = kind.plural() + " " + (kind.namespaced() ? namespace + "/" : "") + name;
    return switch (kind) {
      case PODS -> {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (pod == null) {
          throw Problem.notFound(what + " not found in cluster '" + cluster + "'");
        }
        yield new Target(PodImages.of(pod), Optional.empty());
      }
      case DEPLOYMENTS, STATEFULSETS, DAEMONSETS -> {
        Object workload = switch (kind) {
          case DEPLOYMENTS -> client.apps().deployments().inNamespace(namespace).withName(name).get();
          case STATEFULSETS -> client.apps().statefulSets().inNamespace(namespace).withName(name).get();
          default -> client.apps().daemonSets().inNamespace(namespace).withName(name).get();
        };
        if (workload == null) {
          throw Problem.notFound(what + " not found in cluster '" + cluster + "'");
        }
        Map<String, PodImages.Image> images = new LinkedHashMap<>();
        for (Pod p : cache.pods(cluster)) {
          if (namespace.equals(p.getMetadata().getNamespace()) && PodImages.workload(p).equals(Optional.of(kind.plural() + "/" + name))) {
            PodImages.of(p).forEach(i -> images.putIfAbsent(i.digest(), i));
          }
        }
        yield new Target(List.copyOf(images.values()), Optional.empty());
      }
      case NODES -> {
        Node node = client.nodes().withName(name).get();
        if (node == null) {
          throw Problem.notFound(what + " not found in cluster '" + cluster + "'");
        }
        yield new Target(List.of(), NodeInstance.of(node));
      }
      case NODECLAIMS -> {
        GenericKubernetesResource claim = client.genericKubernetesResources("karpenter.sh/v1", "NodeClaim").withName(name).get();
        if (claim == null) {
          throw Problem.notFound(what + " not found in cluster '" + cluster + "'");
        }
        Object status = claim.getAdditionalProperties().get("status");
        Object providerId = status instanceof Map<?, ?> m ? m.get("providerID") : null;
        yield new Target(List.of(), NodeInstance.instanceId(providerId == null ? null : providerId.toString())
            .map(id -> new NodeInstance(Optional.ofNullable(status instanceof Map<?, ?> m ? m.get("nodeName") : null).map(Object::toString)
                .orElse(""), id, NodeInstance.Owner.KARPENTER, "", Optional.of(name))));
      }
    };
  }

  private static SecurityView view(InspectorCache.Snapshot s, String cluster, InspectorEntity kind, String namespace, String name,
      Target target, FindingGroups.Filter filter) {
    List<SecurityView.Resource> resources = new ArrayList<>();
    Map<String, Finding> unique = new LinkedHashMap<>(); // one row per CVE and installed package, however many images carry it
    for (PodImages.Image i : target.images()) {
      Scan scan = s.image(i.digest());
      resources.add(new SecurityView.Resource("image", i.digest(), i.image(), scan.state(), scan.reason(), scan.readAt(),
          scan.platformDigests(), "", ""));
      scan.findings().forEach(f -> unique.putIfAbsent(f.vulnerabilityId() + "|" + f.ecosystem() + "|" + f.packageName() + "|"
          + f.installedVersion(), f));
    }
    target.instance().ifPresent(read -> {
      // what launched it as the hydrate classified it by the instance's EC2 tags; the node's labels until then
      NodeInstance n = s.nodes().stream().filter(x -> x.instanceId().equals(read.instanceId())).findFirst().orElse(read);
      Scan scan = s.instance(n.instanceId());
      resources.add(new SecurityView.Resource("instance", n.instanceId(), "", scan.state(), scan.reason(), scan.readAt(), List.of(),
          n.owner().name(), n.ownerName()));
      scan.findings().forEach(f -> unique.putIfAbsent(f.vulnerabilityId() + "|" + f.ecosystem() + "|" + f.packageName() + "|"
          + f.installedVersion(), f));
    });
    List<Finding> all = List.copyOf(unique.values());
    int shown = (int) all.stream().filter(filter::keeps).count();
    String message = s.message();
    if (resources.isEmpty() && (message.isEmpty() || s.status() == InspectorCache.Status.READY)) {
      message = kind == InspectorEntity.NODES || kind == InspectorEntity.NODECLAIMS
          ? "no EC2 instance id in spec.providerID: Inspector knows nothing about this node"
          : "no running container reports an image digest yet";
    }
    return new SecurityView(cluster, kind.plural(), kind.namespaced() ? namespace : "", name, s.status(), message, s.readAt(), resources,
        SeverityCounts.of(all), shown, FindingGroups.group(all, filter));
  }

  private static Set<String> digests(Pod p) {
    return PodImages.digests(p);
  }

  /** Chips from one snapshot, the union counts of a set of digests computed once per distinct set. */
  private static final class ChipMaker {
    private final InspectorCache.Snapshot snapshot;
    private final Map<Set<String>, Chip> memo = new HashMap<>();

    ChipMaker(InspectorCache.Snapshot snapshot) {
      this.snapshot = snapshot;
    }

    Chip images(Set<String> digests) {
      return memo.computeIfAbsent(digests, d -> {
        List<Scan> scans = d.stream().map(snapshot::image).toList();
        return combine(scans);
      });
    }

    Chip instance(String id) {
      return combine(List.of(snapshot.instance(id)));
    }

    private static Chip combine(List<Scan> scans) {
      List<Scan> scanned = scans.stream().filter(x -> x.state() == Scan.State.SCANNED).toList();
      if (!scanned.isEmpty()) {
        return new Chip(Scan.State.SCANNED, scanned.size() == 1 ? scanned.getFirst().counts()
            : SeverityCounts.of(scanned.stream().flatMap(x -> x.findings().stream()).toList()));
      }
      boolean pending = scans.stream().anyMatch(x -> x.state() == Scan.State.PENDING);
      return new Chip(pending ? Scan.State.PENDING : Scan.State.NOT_SCANNED, SeverityCounts.NONE);
    }
  }
}
