package io.periscope.usage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.periscope.authz.Principal;
import io.periscope.clusters.ClusterUnavailableException;
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
 * status, and a node object is mostly images and conditions, so the list is read as a stream and
 * only each node's name and two quantities are kept: a few dozen bytes per node for the browser.
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
    ListItems.each(in, "a node list", node -> readNode(node, out));
    return out;
  }

  private static void readNode(JsonParser p, Map<String, Allocatable> out) throws IOException {
    String name = null;
    Map<String, String> allocatable = Map.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
        name = fieldOf(p, "name");
      } else if (field.equals("status") && value == JsonToken.START_OBJECT) {
        allocatable = allocatableOf(p);
      } else {
        p.skipChildren();
      }
    }
    if (name != null) {
      out.put(name, new Allocatable(allocatable.get("cpu"), allocatable.get("memory")));
    }
  }

  /** The string field {@code wanted} of the object the parser is in; the parser left at the object's end. */
  private static String fieldOf(JsonParser p, String wanted) throws IOException {
    String found = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals(wanted) && value == JsonToken.VALUE_STRING) {
        found = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return found;
  }

  private static Map<String, String> allocatableOf(JsonParser p) throws IOException {
    Map<String, String> quantities = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("allocatable") && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String resource = p.currentName();
          if (p.nextToken() == JsonToken.VALUE_STRING) {
            quantities.put(resource, p.getText());
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    return quantities;
  }
}
