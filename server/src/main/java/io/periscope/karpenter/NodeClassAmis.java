package io.periscope.karpenter;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.authz.Principal;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.resources.Discovery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a cluster's Karpenter picks node AMIs, read as the person: each NodePool's node class
 * ({@code spec.template.spec.nodeClassRef}) and each {@code karpenter.k8s.aws/v1} EC2NodeClass's
 * {@code spec.amiSelectorTerms}. What an upgrade does to Karpenter's nodes follows from these: a
 * term that resolves to a new AMI for the new Kubernetes version drifts the nodes.
 */
public final class NodeClassAmis {
  /** One {@code amiSelectorTerms} entry; unset fields are null ({@code tags} empty). */
  public record AmiTerm(String alias, String id, String name, String owner, Map<String, String> tags) {
    /** {@code alias: al2023@latest}, {@code id: ami-…}, {@code name: …}, {@code tags: k=v,…}, as one line. */
    public String describe() {
      List<String> parts = new ArrayList<>();
      if (alias != null) {
        parts.add("alias: " + alias);
      }
      if (id != null) {
        parts.add("id: " + id);
      }
      if (name != null) {
        parts.add("name: " + name);
      }
      if (owner != null) {
        parts.add("owner: " + owner);
      }
      if (!tags.isEmpty()) {
        parts.add("tags: " + String.join(",", tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
      }
      return String.join(" ", parts);
    }
  }

  /** One EC2NodeClass and its AMI selection. */
  public record NodeClass(String name, List<AmiTerm> amiSelectorTerms) {}

  /** One NodePool and the node class its nodes are made from (null fields when it names none). */
  public record Pool(String name, String nodeClassGroup, String nodeClassKind, String nodeClass) {}

  /** Every NodePool and EC2NodeClass the person may list. */
  public record State(List<Pool> pools, List<NodeClass> nodeClasses) {}

  private final ImpersonatingClients clients;
  private final Discovery discovery;
  private final Apiserver apiserver;

  public NodeClassAmis(ImpersonatingClients clients, Discovery discovery, Apiserver apiserver) {
    this.clients = clients;
    this.discovery = discovery;
    this.apiserver = apiserver;
  }

  /**
   * The NodePools and EC2NodeClasses, empty when the cluster serves no {@code karpenter.sh/v1}
   * NodePools. EC2NodeClasses are read only where served (another provider has none).
   *
   * @throws KubernetesClientException the apiserver's refusal (a person who may not list them)
   */
  public Optional<State> read(Principal who, String cluster) {
    if (!KarpenterKinds.served(discovery, cluster)) {
      return Optional.empty();
    }
    KubernetesClient client = clients.forUser(cluster, who);
    List<Pool> pools = new ArrayList<>();
    for (JsonNode p : list(cluster, client, KarpenterKinds.collection(KarpenterKinds.NODEPOOLS)).path("items")) {
      JsonNode ref = p.path("spec").path("template").path("spec").path("nodeClassRef");
      pools.add(new Pool(p.path("metadata").path("name").asText(), text(ref, "group"), text(ref, "kind"), text(ref, "name")));
    }
    List<NodeClass> classes = new ArrayList<>();
    if (KarpenterKinds.ec2NodeClassesServed(discovery, cluster)) {
      for (JsonNode c : list(cluster, client, KarpenterKinds.collection(KarpenterKinds.AWS_GROUP, KarpenterKinds.EC2NODECLASSES)).path("items")) {
        List<AmiTerm> terms = new ArrayList<>();
        for (JsonNode t : c.path("spec").path("amiSelectorTerms")) {
          Map<String, String> tags = new LinkedHashMap<>();
          t.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
          terms.add(new AmiTerm(text(t, "alias"), text(t, "id"), text(t, "name"), text(t, "owner"), tags));
        }
        classes.add(new NodeClass(c.path("metadata").path("name").asText(), terms));
      }
    }
    return Optional.of(new State(pools, classes));
  }

  private JsonNode list(String cluster, KubernetesClient client, String path) {
    return Karpenter.list(apiserver, cluster, client, path, Map.of());
  }

  private static String text(JsonNode node, String field) {
    return node.path(field).isTextual() && !node.path(field).asText().isEmpty() ? node.path(field).asText() : null;
  }
}
