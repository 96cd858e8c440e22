package io.periscope.agent.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The identity in the data keys {@code agent.key}, {@code agent.crt} and {@code agent.token-sha256}
 * (the registration token's digest, when known) of one Secret in the
 * agent's namespace, read ({@code get}) and replaced ({@code update}) as the agent's
 * ServiceAccount. The Secret must exist: the agent never creates, lists or watches Secrets, so its
 * Role names that one Secret with {@code get} and {@code update} only. Updates carry the
 * resourceVersion last seen; on a conflict the Secret is read again and the update retried.
 */
final class StateSecret implements StateStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, List<String>> READ = Map.of("Accept", List.of("application/json"));
  private static final Map<String, List<String>> WRITE =
      Map.of("Accept", List.of("application/json"), "Content-Type", List.of("application/json"));
  private static final int UPDATE_ATTEMPTS = 3;

  private final ApiForwarder apiserver;
  private final StateLocation.KubernetesSecret secret;
  private final Duration timeout;
  /** The Secret as last read or written; its resourceVersion guards the next update. */
  private ObjectNode lastSeen;

  StateSecret(ApiForwarder apiserver, StateLocation.KubernetesSecret secret, Duration timeout) {
    this.apiserver = apiserver;
    this.secret = secret;
    this.timeout = timeout;
  }

  @Override
  public synchronized Optional<Identity> load() {
    lastSeen = read();
    JsonNode data = lastSeen.path("data");
    if (!data.hasNonNull(StateDir.KEY) || !data.hasNonNull(StateDir.CERTIFICATE)) {
      return Optional.empty();
    }
    String tokenSha256 = data.hasNonNull(StateDir.TOKEN_SHA256) ? decode(data, StateDir.TOKEN_SHA256).strip() : "";
    return Optional.of(new Identity(decode(data, StateDir.KEY), decode(data, StateDir.CERTIFICATE), tokenSha256));
  }

  @Override
  public synchronized void save(Identity identity) {
    ObjectNode current = lastSeen != null ? lastSeen : read();
    for (int attempt = 1; ; attempt++) {
      ObjectNode updated = current.deepCopy();
      ObjectNode data = updated.path("data").isObject() ? (ObjectNode) updated.get("data") : updated.putObject("data");
      data.put(StateDir.KEY, encode(identity.keyPem()));
      data.put(StateDir.CERTIFICATE, encode(identity.chainPem()));
      if (identity.tokenSha256().isEmpty()) {
        data.remove(StateDir.TOKEN_SHA256);
      } else {
        data.put(StateDir.TOKEN_SHA256, encode(identity.tokenSha256()));
      }
      Answer answer = call("PUT", WRITE, bytes(updated));
      if (answer.status() == 200) {
        lastSeen = answer.object(this);
        return;
      }
      if (answer.status() != 409) {
        throw refused("update", answer);
      }
      if (attempt == UPDATE_ATTEMPTS) {
        break;
      }
      current = read(); // changed since we read it: put our keys on the new version
    }
    throw new StateStoreException("cannot update " + describe() + ": it changed under every one of " + UPDATE_ATTEMPTS
        + " attempts (HTTP 409 Conflict); is another agent using the same state Secret?");
  }

  @Override
  public String describe() {
    return secret.describe();
  }

  private ObjectNode read() {
    Answer answer = call("GET", READ, new byte[0]);
    if (answer.status() == 404) {
      throw new StateStoreException(describe() + " does not exist. The agent may only get and update it, never create it: the"
          + " Helm chart creates it; without the chart run: kubectl -n " + secret.namespace() + " create secret generic "
          + secret.name());
    }
    if (answer.status() != 200) {
      throw refused("get", answer);
    }
    return answer.object(this);
  }

  private StateStoreException refused(String verb, Answer answer) {
    String why = "HTTP " + answer.status() + answer.message().map(m -> ": " + m).orElse("");
    return switch (answer.status()) {
      case 401 -> new StateStoreException("the apiserver did not accept the agent's ServiceAccount token (" + why + ") to " + verb
          + " " + describe());
      case 403 -> new StateStoreException("the agent's ServiceAccount may not " + verb + " " + describe() + " (" + why
          + "); it needs get and update on that Secret (the chart's Role <release>-periscope-agent-state grants them)");
      default -> new StateStoreException("cannot " + verb + " " + describe() + ": " + why);
    };
  }

  /** One request to the apiserver as the agent's ServiceAccount, given up after {@code timeout}. */
  private Answer call(String method, Map<String, List<String>> headers, byte[] body) {
    String path = "/api/v1/namespaces/" + secret.namespace() + "/secrets/" + secret.name();
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    Thread request = Thread.ofVirtual().name("periscope-agent-state").start(() -> {
      try {
        HttpResponse<InputStream> r = apiserver.send(method, path, headers, body).get();
        try (InputStream in = r.body()) {
          answer.complete(new Answer(r.statusCode(), in.readAllBytes()));
        }
      } catch (ExecutionException e) {
        answer.completeExceptionally(e.getCause());
      } catch (IOException | InterruptedException | RuntimeException e) {
        answer.completeExceptionally(e);
      }
    });
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      request.interrupt();
      throw new StateStoreException("the apiserver did not answer within " + timeout.toSeconds() + " s to " + method + " "
          + describe());
    } catch (ExecutionException e) {
      throw new StateStoreException("cannot reach the apiserver for " + describe() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      request.interrupt();
      Thread.currentThread().interrupt();
      throw new StateStoreException("interrupted while reading " + describe(), e);
    }
  }

  private String decode(JsonNode data, String key) {
    try {
      return new String(Base64.getDecoder().decode(data.get(key).asText()), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw new StateStoreException(describe() + " key " + key + " is not base64: " + e.getMessage());
    }
  }

  private static String encode(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] bytes(ObjectNode object) {
    try {
      return JSON.writeValueAsBytes(object);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An apiserver answer: status and body. */
  private record Answer(int status, byte[] body) {
    ObjectNode object(StateSecret store) {
      try {
        if (JSON.readTree(body) instanceof ObjectNode o && "Secret".equals(o.path("kind").asText())) {
          return o;
        }
      } catch (IOException e) {
        // reported below
      }
      throw new StateStoreException("the apiserver's answer for " + store.describe() + " is not a Secret");
    }

    /** The {@code message} of a Kubernetes Status body, if it is one. */
    Optional<String> message() {
      try {
        return Optional.ofNullable(JSON.readTree(body)).map(n -> n.path("message").asText()).filter(m -> !m.isBlank());
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }
}
