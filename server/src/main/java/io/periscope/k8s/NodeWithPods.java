package io.periscope.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterUnavailableException;
import io.periscope.json.Json;
import io.periscope.problem.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads a node and the pods on it as the person: the node as a tree, its pods as the list's stream
 * (to be read one item at a time). Every phase is asked for: kubectl leaves finished pods out with
 * {@code status.phase!=…}, which not every apiserver in front of us evaluates, so callers skip them.
 */
public final class NodeWithPods {
  /** What a caller makes of the node and its pod list. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(JsonNode node, InputStream podList) throws IOException;
  }

  private final ImpersonatingClients clients;
  private final Apiserver apiserver;

  public NodeWithPods(ImpersonatingClients clients, Apiserver apiserver) {
    this.clients = clients;
    this.apiserver = apiserver;
  }

  /** {@code node} must be a valid node name (checked by the caller, which names it in its 400). */
  public <T> T read(Principal who, String cluster, String node, Reader<T> reader) {
    var client = clients.forUser(cluster, who);
    try {
      JsonNode nodeObject = Json.mapper().readTree(apiserver.text(cluster, client, Apiserver.Call.get("/api/v1/nodes/" + node, Map.of())));
      var pods = Apiserver.Call.get("/api/v1/pods", Map.of("fieldSelector", "spec.nodeName=" + node));
      try (var body = apiserver.stream(cluster, client, pods)) {
        return reader.read(nodeObject, body.body());
      }
    } catch (IOException e) {
      throw new ClusterUnavailableException(ErrorCode.CLUSTER_UNREACHABLE, cluster, "reading a node's pods failed: " + e.getMessage(), e);
    }
  }
}
