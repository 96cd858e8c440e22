package io.periscope.aws.eks.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.json.Json;
import io.periscope.json.ListItems;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's nodes for the readiness answer, read as the person from {@code GET /api/v1/nodes}
 * as a stream, one node at a time, keeping only each node's name, the labels that say where it
 * comes from, and its kubelet version.
 */
public final class ClusterNodes {
  private static final List<String> ORIGIN_LABELS = List.of(NodeUpgrade.NODEGROUP_LABEL, NodeUpgrade.KARPENTER_LABEL,
      NodeUpgrade.COMPUTE_TYPE_LABEL);

  private final ImpersonatingClients clients;
  private final Apiserver apiserver;

  public ClusterNodes(ImpersonatingClients clients, Apiserver apiserver) {
    this.clients = clients;
    this.apiserver = apiserver;
  }

  /** @throws io.fabric8.kubernetes.client.KubernetesClientException the apiserver's refusal (a person who may not list nodes) */
  public List<NodeUpgrade.Node> list(Principal who, String cluster) {
    // Kubelet versions change when a node is replaced or its kubelet restarts: the watch cache is recent enough.
    var call = Apiserver.Call.get("/api/v1/nodes", Map.of("resourceVersion", "0"));
    try (var body = apiserver.stream(cluster, clients.forUser(cluster, who), call)) {
      return read(body.body());
    } catch (IOException e) {
      throw new ClusterUnavailableException(ErrorCode.CLUSTER_UNREACHABLE, cluster, "reading its node list failed: " + e.getMessage(), e);
    }
  }

  static List<NodeUpgrade.Node> read(InputStream in) throws IOException {
    List<NodeUpgrade.Node> out = new ArrayList<>();
    ListItems.each(in, "a node list", item -> {
      JsonNode node = Json.mapper().readTree(item);
      JsonNode labels = node.path("metadata").path("labels");
      Map<String, String> kept = new LinkedHashMap<>();
      for (String l : ORIGIN_LABELS) {
        if (labels.path(l).isTextual()) {
          kept.put(l, labels.path(l).asText());
        }
      }
      JsonNode kubelet = node.path("status").path("nodeInfo").path("kubeletVersion");
      out.add(new NodeUpgrade.Node(node.path("metadata").path("name").asText(), kept, kubelet.isTextual() ? kubelet.asText() : null));
    });
    return out;
  }
}
