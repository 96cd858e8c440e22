package io.periscope.images;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.names.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One container of one pod, as its spec names the image and its status says what was pulled.
 *
 * @param image the reference as the spec writes it; {@code reference} the same read once as a runtime reads it
 * @param digest the build the kubelet runs (from the status' {@code imageID}), {@code null} before the pull
 * @param pullError the kubelet's reason while the image cannot be pulled ({@code ImagePullBackOff}, …), else {@code null}
 */
public record RunningContainer(String namespace, String pod, Workload workload, String container, String image, ImageReference reference,
    String digest, String pullError) {
  private static final Set<String> PULL_ERRORS = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull",
      "RegistryUnavailable");
  private static final String[][] CONTAINER_FIELDS = {
      {"containers", "containerStatuses"}, {"initContainers", "initContainerStatuses"}, {"ephemeralContainers", "ephemeralContainerStatuses"}};

  /**
   * The workload a person would name for the pod: its controller, with a ReplicaSet that a
   * Deployment made (its name is the Deployment's and the pod template hash) read as that
   * Deployment; a pod without a controller is its own workload.
   */
  public record Workload(String kind, String name) {
    static Workload of(JsonNode pod) {
      JsonNode meta = pod.path("metadata");
      for (JsonNode owner : meta.path("ownerReferences")) {
        if (!owner.path("controller").asBoolean(false)) {
          continue;
        }
        String kind = owner.path("kind").asText();
        String name = owner.path("name").asText();
        String hash = meta.path("labels").path("pod-template-hash").asText("");
        if (kind.equals("ReplicaSet") && !hash.isEmpty() && name.endsWith("-" + hash)) {
          return new Workload("Deployment", name.substring(0, name.length() - hash.length() - 1));
        }
        return new Workload(kind, name);
      }
      return new Workload("Pod", meta.path("name").asText());
    }
  }

  /** Every container of {@code pod} (init and ephemeral ones too) that names an image. */
  public static List<RunningContainer> of(JsonNode pod) {
    String namespace = pod.path("metadata").path("namespace").asText("");
    String name = pod.path("metadata").path("name").asText("");
    Workload workload = Workload.of(pod);
    List<RunningContainer> out = new ArrayList<>();
    for (String[] fields : CONTAINER_FIELDS) {
      for (JsonNode c : pod.path("spec").path(fields[0])) {
        String image = c.path("image").asText("");
        if (image.isBlank()) {
          continue;
        }
        JsonNode status = statusOf(pod.path("status").path(fields[1]), c.path("name").asText());
        String waiting = status.path("state").path("waiting").path("reason").asText("");
        out.add(new RunningContainer(namespace, name, workload, c.path("name").asText(), image.strip(), ImageReference.parse(image),
            ImageReference.digestOf(status.path("imageID").asText(null)), PULL_ERRORS.contains(waiting) ? waiting : null));
      }
    }
    return out;
  }

  private static JsonNode statusOf(JsonNode statuses, String container) {
    for (JsonNode s : statuses) {
      if (s.path("name").asText().equals(container)) {
        return s;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
