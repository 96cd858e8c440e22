package io.periscope.drain;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.json.Json;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.problem.ErrorCode;
import io.periscope.resources.ObjectAddress;
import java.io.IOException;
import java.util.Map;

/** Reads a node and its pods as the person and plans their drain ({@link DrainPlan}). */
public final class NodeDrainPlans {
  private final ImpersonatingClients clients;
  private final Apiserver apiserver;

  public NodeDrainPlans(ImpersonatingClients clients, Apiserver apiserver) {
    this.clients = clients;
    this.apiserver = apiserver;
  }

  public DrainPlan of(Principal who, String cluster, String node) {
    ObjectAddress.requireName("node name", node);
    var client = clients.forUser(cluster, who);
    JsonNode nodeObject;
    try {
      nodeObject = Json.mapper().readTree(apiserver.text(cluster, client, Apiserver.Call.get("/api/v1/nodes/" + node, Map.of())));
    } catch (IOException e) {
      throw unreadable(cluster, e);
    }
    var pods = Apiserver.Call.get("/api/v1/pods", Map.of("fieldSelector", "spec.nodeName=" + node));
    try (var body = apiserver.stream(cluster, client, pods)) {
      return DrainPlan.of(node, nodeObject, body.body());
    } catch (IOException e) {
      throw unreadable(cluster, e);
    }
  }

  private static ClusterUnavailableException unreadable(String cluster, IOException e) {
    return new ClusterUnavailableException(ErrorCode.CLUSTER_UNREACHABLE, cluster, "reading a node's pods failed: " + e.getMessage(), e);
  }
}
