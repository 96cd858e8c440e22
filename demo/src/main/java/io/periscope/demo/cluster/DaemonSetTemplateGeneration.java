package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The apiserver's DaemonSet strategy for its template generation (the internal {@code spec.templateGeneration}, which
 * apps/v1 carries as the annotation {@code deprecated.daemonset.template.generation}), which the CRUD store does not
 * keep: a create that names none (or less than 1) gets 1 (PrepareForCreate); an update keeps the stored value whatever
 * the write says, one more when the pod template changed (PrepareForUpdate). The controller labels the pods it creates
 * with it ({@code pod-template-generation}).
 */
final class DaemonSetTemplateGeneration {
  static final String ANNOTATION = "deprecated.daemonset.template.generation";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DaemonSetTemplateGeneration() {}

  /**
   * {@code json}, a DaemonSet about to be stored, with the annotation the apiserver would give it; {@code stored} is the
   * DaemonSet it replaces, null on a create. Anything that is no DaemonSet (or no JSON) is returned as it is.
   */
  static String stamp(String json, String stored) {
    try {
      JsonNode object = JSON.readTree(json);
      if (!(object instanceof ObjectNode ds) || !ds.path("kind").asText().equals("DaemonSet") || !(ds.path("metadata") instanceof ObjectNode meta)) {
        return json;
      }
      long generation;
      if (stored == null) {
        generation = Math.max(1, of(ds));
      } else {
        JsonNode before = JSON.readTree(stored);
        generation = of(before) + (before.path("spec").path("template").equals(ds.path("spec").path("template")) ? 0 : 1);
      }
      String value = Long.toString(generation);
      if (value.equals(ds.path("metadata").path("annotations").path(ANNOTATION).asText(null))) {
        return json; // already so: the stored text stays byte for byte
      }
      DemoRollouts.object(meta, "annotations").put(ANNOTATION, value);
      return ds.toString();
    } catch (IOException e) {
      return json; // not JSON the store could keep either; not this strategy's to mend
    }
  }

  /** The DaemonSet's template generation, 0 when it has none (as the internal field reads an absent annotation). */
  static long of(JsonNode ds) {
    try {
      return Long.parseLong(ds.path("metadata").path("annotations").path(ANNOTATION).asText("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
