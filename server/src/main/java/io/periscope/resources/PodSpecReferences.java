package io.periscope.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a pod spec refers to a ConfigMap, Secret, PersistentVolumeClaim or ServiceAccount, in the
 * words an SRE needs before changing it: which volume (and whether a container mounts it with
 * {@code subPath}, which never sees an update), which container's {@code env} or {@code envFrom}
 * (read once, at the container's start), image pull secrets, the service account.
 */
public final class PodSpecReferences {
  /** The kinds whose users can be found in pod specs, by plural. */
  public static final Set<String> KINDS = Set.of("configmaps", "secrets", "persistentvolumeclaims", "serviceaccounts");

  private PodSpecReferences() {}

  /**
   * Each way {@code spec} (a PodSpec) refers to the object; empty when it does not.
   *
   * @param statefulSet the StatefulSet's name when the spec is its template (its claim templates make PVCs {@code <template>-<name>-<ordinal>}), else null
   * @param claimTemplates a StatefulSet's {@code volumeClaimTemplates}, else a missing node
   */
  public static List<String> of(JsonNode spec, String plural, String name, String statefulSet, JsonNode claimTemplates) {
    Set<String> how = new LinkedHashSet<>();
    switch (plural) {
      case "serviceaccounts" -> {
        String sa = spec.path("serviceAccountName").asText(spec.path("serviceAccount").asText(""));
        if ((sa.isEmpty() ? "default" : sa).equals(name)) {
          how.add("service account");
        }
      }
      case "persistentvolumeclaims" -> {
        volumes(spec, plural, name, how);
        for (JsonNode t : claimTemplates) {
          String template = t.path("metadata").path("name").asText();
          if (statefulSet != null && Pattern.matches(Pattern.quote(template + "-" + statefulSet + "-") + "\\d+", name)) {
            how.add("volume claim template " + template);
          }
        }
      }
      default -> {
        volumes(spec, plural, name, how);
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
          for (JsonNode c : spec.path(list)) {
            env(c, plural, name, how);
          }
        }
        if (plural.equals("secrets")) {
          for (JsonNode s : spec.path("imagePullSecrets")) {
            if (s.path("name").asText().equals(name)) {
              how.add("image pull secret");
            }
          }
        }
      }
    }
    return new ArrayList<>(how);
  }

  private static void volumes(JsonNode spec, String plural, String name, Set<String> how) {
    for (JsonNode v : spec.path("volumes")) {
      if (refersTo(v, plural, name)) {
        String volume = v.path("name").asText();
        how.add("volume " + volume);
        for (String list : List.of("initContainers", "containers")) {
          for (JsonNode c : spec.path(list)) {
            for (JsonNode m : c.path("volumeMounts")) {
              if (m.path("name").asText().equals(volume) && !m.path("subPath").asText("").isEmpty() && !plural.equals("persistentvolumeclaims")) {
                how.add("subPath mount of volume " + volume + " in " + c.path("name").asText() + " (never updated)");
              }
            }
          }
        }
      }
    }
  }

  private static boolean refersTo(JsonNode volume, String plural, String name) {
    return switch (plural) {
      case "configmaps" -> volume.path("configMap").path("name").asText().equals(name) || projected(volume, "configMap", name);
      case "secrets" -> volume.path("secret").path("secretName").asText().equals(name) || projected(volume, "secret", name);
      case "persistentvolumeclaims" -> volume.path("persistentVolumeClaim").path("claimName").asText().equals(name);
      default -> false;
    };
  }

  private static boolean projected(JsonNode volume, String source, String name) {
    for (JsonNode s : volume.path("projected").path("sources")) {
      if (s.path(source).path("name").asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static void env(JsonNode container, String plural, String name, Set<String> how) {
    String c = container.path("name").asText();
    String ref = plural.equals("configmaps") ? "configMapRef" : "secretRef";
    String keyRef = plural.equals("configmaps") ? "configMapKeyRef" : "secretKeyRef";
    for (JsonNode from : container.path("envFrom")) {
      if (from.path(ref).path("name").asText().equals(name)) {
        how.add("envFrom in " + c);
      }
    }
    for (JsonNode e : container.path("env")) {
      if (e.path("valueFrom").path(keyRef).path("name").asText().equals(name)) {
        how.add("env " + e.path("name").asText() + " in " + c);
      }
    }
  }
}
