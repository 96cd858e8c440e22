package io.periscope.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.periscope.names.KubernetesNames;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * An ephemeral container as {@code kubectl debug -it POD --image=IMAGE [--target=CONTAINER]} adds it:
 * named {@code debugger-} and five random characters, stdin and a TTY open (its shell waits for
 * input, so it keeps running for an exec), and, with a target, in that container's process
 * namespace (where the runtime supports it), so a distroless container's processes and files
 * ({@code /proc/1/root}) can be looked at with the debug image's tools.
 */
public record DebugContainer(String name, String image, String target) {
  /** kubectl's alphabet for generated suffixes: no vowels, no confusable digits. */
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  /** An image reference: registry/path:tag or @digest, no spaces or shell characters. */
  private static final Pattern IMAGE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}$");

  /** Validated before any apiserver call: 422 {@code invalid_debug_container} naming what is wrong. */
  public static DebugContainer of(String image, String target, RandomGenerator random) {
    if (image == null || image.isBlank()) {
      throw new Problem(ErrorCode.INVALID_DEBUG_CONTAINER, "image is required, for example busybox:1.36");
    }
    if (!IMAGE.matcher(image).matches()) {
      throw new Problem(ErrorCode.INVALID_DEBUG_CONTAINER, "image '" + image + "' is no image reference (registry/name:tag or @sha256:...)");
    }
    String t = target == null || target.isBlank() ? null : target;
    if (t != null && !KubernetesNames.isDnsLabel(t)) {
      throw new Problem(ErrorCode.INVALID_DEBUG_CONTAINER, "target '" + t + "' is no container name");
    }
    var name = new StringBuilder("debugger-");
    for (int i = 0; i < 5; i++) {
      name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return new DebugContainer(name.toString(), image, t);
  }

  /** The strategic merge patch of the pod's {@code ephemeralcontainers} subresource that adds it. */
  String patch() {
    ObjectNode patch = ResourceReader.JSON.createObjectNode();
    ObjectNode c = patch.putObject("spec").putArray("ephemeralContainers").addObject();
    c.put("name", name).put("image", image).put("stdin", true).put("tty", true).put("terminationMessagePolicy", "File");
    if (target != null) {
      c.put("targetContainerName", target);
    }
    return patch.toString();
  }
}
