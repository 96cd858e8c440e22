package io.periscope.agent.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity of the cluster the agent runs in: the UID of its {@code kube-system} Namespace (the
 * de-facto cluster id many tools use; it lives as long as the cluster), read once at start as the
 * agent's ServiceAccount, which needs {@code get} on that one Namespace. The agent sends it in its
 * Hello, and the server refuses it when the certificate's cluster name is bound to another cluster.
 * When it cannot be read the agent says why and what to grant, and connects without an identity
 * (admitted unverified while the name is unbound; refused once it is bound), and reads it again
 * before each connection attempt.
 */
final class ClusterUid {
  private static final Logger log = LoggerFactory.getLogger(ClusterUid.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String PATH = "/api/v1/namespaces/kube-system";

  private ClusterUid() {}

  /** The UID, or empty (logged as a warning saying what is missing) when it cannot be read within {@code timeout}. */
  static Optional<String> read(ApiForwarder apiserver, Duration timeout) {
    return read(apiserver, timeout, true);
  }

  /**
   * As {@link #read(ApiForwarder, Duration)}; a read retried before each connection attempt passes
   * {@code warn} false after the first, so a refused agent's log does not repeat the same warning.
   */
  static Optional<String> read(ApiForwarder apiserver, Duration timeout, boolean warn) {
    try {
      HttpResponse<InputStream> r = apiserver.send("GET", PATH, Map.of("Accept", List.of("application/json")), new byte[0])
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      JsonNode body;
      try (InputStream in = r.body()) {
        body = parse(in.readAllBytes());
      }
      if (r.statusCode() == 200) {
        String uid = body.path("metadata").path("uid").asText("");
        if (!uid.isEmpty()) {
          log.info("this cluster's identity (the UID of Namespace kube-system) is {}", uid);
          return Optional.of(uid);
        }
        return unverified(warn, "the apiserver's answer for Namespace kube-system has no metadata.uid");
      }
      String why = "HTTP " + r.statusCode() + message(body);
      return unverified(warn, switch (r.statusCode()) {
        case 401 -> "the apiserver did not accept the agent's ServiceAccount token (" + why + ")";
        case 403 -> "the agent's ServiceAccount may not get Namespace kube-system (" + why + "); it needs get on namespaces with"
            + " resourceNames [kube-system] (the chart's ClusterRole <release>-periscope-agent-cluster-identity grants it)";
        default -> "cannot get Namespace kube-system: " + why;
      });
    } catch (TimeoutException e) {
      return unverified(warn, "the apiserver did not answer within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      return unverified(warn, "cannot reach the apiserver: " + e.getCause().getMessage());
    } catch (IOException e) {
      return unverified(warn, "cannot read the apiserver's answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unverified(warn, "interrupted");
    }
  }

  private static Optional<String> unverified(boolean warn, String why) {
    if (!warn) {
      log.debug("still cannot read this cluster's identity: {}", why);
      return Optional.empty();
    }
    log.warn("cannot read this cluster's identity (the UID of Namespace kube-system): {}. Connecting without it: the server"
        + " shows this cluster's identity as unverified and cannot tell this cluster from another one using the same name",
        why);
    return Optional.empty();
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? JSON.missingNode() : node;
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }

  /** ": " and the {@code message} of a Kubernetes Status body, or "". */
  private static String message(JsonNode body) {
    String m = body.path("message").asText("");
    return m.isBlank() ? "" : ": " + m;
  }
}
