package io.periscope.usage;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each node's allocatable CPU and memory (the quantities as the apiserver wrote them), read as the
 * person from {@code GET /api/v1/nodes}. The Nodes page's list is a Table whose rows carry no
 * status, and a node object is mostly images and conditions, so the list is read as a stream, one
 * node at a time, and only each node's name and two quantities are kept: a few dozen bytes per node
 * for the browser.
 */
public final class NodeAllocatable {
  /** A node's allocatable CPU and memory; either is null when the node does not report it. */
  public record Allocatable(String cpu, String memory) {}

  private final ImpersonatingClients clients;
  private final Apiserver apiserver;

  public NodeAllocatable(ImpersonatingClients clients, Apiserver apiserver) {
    this.clients = clients;
    this.apiserver = apiserver;
  }

  /** Node name → allocatable, in the list's order. */
  public Map<String, Allocatable> of(Principal who, String cluster) {
    // Allocatable changes only when a node's kubelet restarts with other reservations: the
    // apiserver's watch cache (resourceVersion=0) is recent enough and spares a quorum read.
    var call = Apiserver.Call.get("/api/v1/nodes", Map.of("resourceVersion", "0"));
    try (var body = apiserver.stream(cluster, clients.forUser(cluster, who), call)) {
      return read(body.body());
    } catch (IOException e) {
      throw new ClusterUnavailableException(ErrorCode.CLUSTER_UNREACHABLE, cluster, "reading its node list failed: " + e.getMessage(), e);
    }
  }

  /** Reads a {@code NodeList} one node at a time, keeping names and allocatable CPU and memory. */
  static Map<String, Allocatable> read(InputStream in) throws IOException {
    Map<String, Allocatable> out = new LinkedHashMap<>();
    ListItems.each(in, "a node list", item -> {
      JsonNode node = Json.mapper().readTree(item);
      JsonNode allocatable = node.path("status").path("allocatable");
      if (node.path("metadata").path("name").isTextual()) {
        out.put(node.path("metadata").path("name").asText(), new Allocatable(text(allocatable, "cpu"), text(allocatable, "memory")));
      }
    });
    return out;
  }

  private static String text(JsonNode quantities, String resource) {
    return quantities.path(resource).isTextual() ? quantities.path(resource).asText() : null;
  }
}
