package io.periscope.aws.inspector;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Inspector knows a pod's containers by: the image digests the kubelet reports, and the ECR repository and tag. */
public final class PodImages {
  private static final Pattern ECR = Pattern.compile("^\\d{12}\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/(.+)$");

  private PodImages() {}

  /**
   * One running image: {@code digest} from {@code status.containerStatuses[].imageID} (an image
   * index's digest when the image is multi-arch), {@code repository} its ECR repository name when
   * it comes from ECR, {@code tag} the tag it was pulled by.
   */
  public record Image(String image, String digest, Optional<String> repository, Optional<String> tag) {}

  /** The pod's images with a digest (init containers included); containers not started yet have none. */
  public static List<Image> of(Pod pod) {
    List<Image> out = new ArrayList<>();
    if (pod.getStatus() == null) {
      return out;
    }
    List<ContainerStatus> statuses = new ArrayList<>();
    Optional.ofNullable(pod.getStatus().getInitContainerStatuses()).ifPresent(statuses::addAll);
    Optional.ofNullable(pod.getStatus().getContainerStatuses()).ifPresent(statuses::addAll);
    for (ContainerStatus s : statuses) {
      Optional<String> digest = digest(s.getImageID());
      if (digest.isPresent() && out.stream().noneMatch(i -> i.digest().equals(digest.get()))) {
        String image = Optional.ofNullable(s.getImage()).orElse("");
        out.add(new Image(image, digest.get(), ecrRepository(image), tag(image)));
      }
    }
    return out;
  }

  /**
   * Just the digests of {@link #of}, in order and without duplicates: what every list's chips need
   * for every pod, so it is scanned by hand rather than by pattern.
   */
  public static Set<String> digests(Pod pod) {
    Set<String> out = new LinkedHashSet<>(4);
    if (pod.getStatus() != null) {
      addDigests(pod.getStatus().getInitContainerStatuses(), out);
      addDigests(pod.getStatus().getContainerStatuses(), out);
    }
    return out;
  }

  private static void addDigests(List<ContainerStatus> statuses, Set<String> out) {
    if (statuses != null) {
      statuses.forEach(s -> digest(s.getImageID()).ifPresent(out::add));
    }
  }

  /** {@code sha256:...} of {@code docker-pullable://repo@sha256:...} or {@code repo@sha256:...}; a bare local image id is no digest. */
  static Optional<String> digest(String imageId) {
    if (imageId == null) {
      return Optional.empty();
    }
    String id = imageId.trim();
    int at = id.lastIndexOf("@sha256:");
    if (at < 0 || id.length() - at - 8 != 64) {
      return Optional.empty();
    }
    for (int i = at + 8; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return Optional.empty();
      }
    }
    return Optional.of(id.substring(at + 1));
  }

  /** {@code team/api} of {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.2@sha256:...}. */
  static Optional<String> ecrRepository(String image) {
    Matcher m = ECR.matcher(withoutTagOrDigest(image));
    return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
  }

  static Optional<String> tag(String image) {
    String s = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    return colon > slash ? Optional.of(s.substring(colon + 1)) : Optional.empty();
  }

  private static String withoutTagOrDigest(String image) {
    String s = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    return colon > slash ? s.substring(0, colon) : s;
  }

  /**
   * The workload a pod belongs to, as {@code deployments/name}, {@code statefulsets/name} or
   * {@code daemonsets/name}: a ReplicaSet's name less the pod's {@code pod-template-hash} names
   * its Deployment. Empty for bare pods and other owners.
   */
  public static Optional<String> workload(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Optional.empty();
    }
    for (OwnerReference o : owners) {
      if (!Boolean.TRUE.equals(o.getController())) {
        continue;
      }
      switch (o.getKind()) {
        case "StatefulSet" -> {
          return Optional.of("statefulsets/" + o.getName());
        }
        case "DaemonSet" -> {
          return Optional.of("daemonsets/" + o.getName());
        }
        case "ReplicaSet" -> {
          Map<String, String> labels = pod.getMetadata().getLabels();
          String hash = labels == null ? null : labels.get("pod-template-hash");
          if (hash != null && o.getName().endsWith("-" + hash)) {
            return Optional.of("deployments/" + o.getName().substring(0, o.getName().length() - hash.length() - 1));
          }
        }
        default -> { }
      }
    }
    return Optional.empty();
  }
}
