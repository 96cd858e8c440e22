package io.periscope.aws.inspector;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.periscope.names.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What Inspector knows a pod's containers by: the image digests the kubelet reports, and the ECR repository and tag. */
public final class PodImages {
  private static final Pattern ECR_REGISTRY = Pattern.compile("\\d{12}\\.dkr\\.ecr(?:-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(?:\\.cn)?");

  private PodImages() {}

  /**
   * One running image: {@code digest} from {@code status.containerStatuses[].imageID} (an image
   * index's digest when the image is multi-arch), {@code repository} its ECR repository name when
   * it comes from ECR, {@code tag} the tag it was pulled by ({@code latest} when it names none, as
   * the runtime reads it; none when only a digest pins it).
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
      String digest = ImageReference.registryDigestOf(s.getImageID());
      if (digest != null && out.stream().noneMatch(i -> i.digest().equals(digest))) {
        String image = Optional.ofNullable(s.getImage()).orElse("");
        ImageReference ref = ImageReference.parse(image);
        out.add(new Image(image, digest, ecrRepository(ref), Optional.ofNullable(ref.tag())));
      }
    }
    return out;
  }

  /** Just the digests of {@link #of}, in order and without duplicates: what every list's chips need for every pod. */
  public static Set<String> digests(Pod pod) {
    Set<String> out = new LinkedHashSet<>(4);
    if (pod.getStatus() != null) {
      addDigests(pod.getStatus().getInitContainerStatuses(), out);
      addDigests(pod.getStatus().getContainerStatuses(), out);
    }
    return out;
  }

  private static void addDigests(List<ContainerStatus> statuses, Set<String> out) {
    if (statuses == null) {
      return;
    }
    for (ContainerStatus s : statuses) {
      String digest = ImageReference.registryDigestOf(s.getImageID());
      if (digest != null) {
        out.add(digest);
      }
    }
  }

  /** {@code team/api} of {@code 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:1.2@sha256:...}. */
  private static Optional<String> ecrRepository(ImageReference ref) {
    return ECR_REGISTRY.matcher(ref.registry()).matches() ? Optional.of(ref.repository()) : Optional.empty();
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
