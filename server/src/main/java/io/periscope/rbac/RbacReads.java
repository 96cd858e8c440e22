package io.periscope.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.json.Json;
import io.periscope.k8s.Apiserver;
import io.periscope.problem.KubernetesErrors;
import io.periscope.rbac.WhoCanAnswer.Unreadable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lists of RBAC objects read with the person's (impersonating) client: a list the apiserver refuses
 * becomes an {@link Unreadable} with its status and words instead of an error, so callers can answer
 * with what was readable and say what was not.
 */
public final class RbacReads {
  /** The RBAC API's path prefix. */
  public static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";
  private static final ObjectMapper JSON = Json.mapper();

  private final Apiserver apiserver;

  public RbacReads(Apiserver apiserver) {
    this.apiserver = apiserver;
  }

  /** The items at {@code path}, or empty with the refusal added to {@code unreadable} (described as {@code what}). */
  public Optional<List<JsonNode>> list(String cluster, KubernetesClient client, String path, String what, List<Unreadable> unreadable) {
    try {
      JsonNode list = JSON.readTree(apiserver.text(cluster, client, Apiserver.Call.get(path, Map.of())));
      List<JsonNode> items = new ArrayList<>();
      list.path("items").forEach(items::add);
      return Optional.of(items);
    } catch (KubernetesClientException e) {
      unreadable.add(new Unreadable(what, e.getCode(), KubernetesErrors.message(e)));
    } catch (IOException e) {
      unreadable.add(new Unreadable(what, 0, "the apiserver answered something that is not JSON: " + e.getMessage()));
    }
    return Optional.empty();
  }
}
