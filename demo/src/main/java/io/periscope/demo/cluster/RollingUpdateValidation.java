package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The apiserver's validation of a Deployment's, a DaemonSet's and a StatefulSet's rolling update bounds
 * (ValidateRollingUpdateDeployment, ValidateRollingUpdateDaemonSet, ValidateStatefulSetUpdateStrategy), which the CRUD
 * store does not do: {@code maxSurge} and {@code maxUnavailable} are each a count from 0 or a percentage string ({@code
 * "[0-9]+%"}; {@code "1"} as a string is not one), {@code maxUnavailable} at most 100%; a Deployment's may not both be
 * zero, a DaemonSet's must have exactly one non-zero (and its maxSurge is at most 100% too); a StatefulSet's {@code
 * partition} is not negative and its {@code maxUnavailable}, when given, not 0, and with {@code OnDelete} it has no
 * {@code rollingUpdate} block at all (a DaemonSet's may keep one: its validation ignores it). Absent bounds are the API's defaults
 * (25% each; a DaemonSet's maxUnavailable 1, maxSurge 0; a StatefulSet's partition 0, maxUnavailable 1). The
 * demo's rollouts read the bounds as the controllers would ({@link DeploymentRollout.Bounds}), so a value the apiserver
 * refuses must never be stored: it is checked as the object is about to be, whichever write made it (a create, a PUT,
 * any patch, an apply), and refused with the apiserver's 422 Invalid Status, its causes in {@code details}.
 */
final class RollingUpdateValidation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PERCENT = Pattern.compile("[0-9]+%");

  private RollingUpdateValidation() {}

  /** A write the apiserver would refuse, with its answer; thrown from the store before anything is stored. */
  static final class Invalid extends RuntimeException {
    private final transient MockResponse answer;

    Invalid(MockResponse answer) {
      super(null, null, false, false);
      this.answer = answer;
    }

    MockResponse answer() {
      return answer;
    }
  }

  /** Throws {@link Invalid} when {@code json} is a Deployment, DaemonSet or StatefulSet the apiserver would refuse to store. */
  static void check(String json) {
    JsonNode object;
    try {
      object = JSON.readTree(json);
    } catch (java.io.IOException e) {
      return; // not JSON the store could keep either; not this check's to refuse
    }
    if (!object.path("apiVersion").asText().startsWith("apps/")) {
      return;
    }
    String kind = object.path("kind").asText();
    List<String[]> causes = switch (kind) {
      case "Deployment" -> deployment(object.path("spec").path("strategy"));
      case "DaemonSet" -> daemonSet(object.path("spec").path("updateStrategy"));
      case "StatefulSet" -> statefulSet(object.path("spec").path("updateStrategy"));
      default -> List.of();
    };
    if (!causes.isEmpty()) {
      throw new Invalid(refusal(kind, object.path("metadata").path("name").asText(), causes));
    }
  }

  /** A Deployment's errors, each as {field, its body ("Invalid value: ...: why")}, in the apiserver's order. */
  static List<String[]> deployment(JsonNode strategy) {
    List<String[]> causes = new ArrayList<>();
    if (!strategy.path("type").asText("RollingUpdate").equals("RollingUpdate") || !strategy.path("rollingUpdate").isObject()) {
      return causes; // Recreate, or the API's defaults
    }
    String field = "spec.strategy.rollingUpdate.";
    JsonNode unavailable = orDefault(strategy.path("rollingUpdate").path("maxUnavailable"), TextNode.valueOf("25%"));
    JsonNode surge = orDefault(strategy.path("rollingUpdate").path("maxSurge"), TextNode.valueOf("25%"));
    intOrPercent(unavailable, field + "maxUnavailable", causes);
    intOrPercent(surge, field + "maxSurge", causes);
    if (value(unavailable) == 0 && value(surge) == 0) {
      causes.add(new String[] {field + "maxUnavailable", "Invalid value: " + printed(unavailable) + ": may not be 0 when `maxSurge` is 0"});
    }
    notAbove100Percent(unavailable, field + "maxUnavailable", causes);
    return causes;
  }

  /** A DaemonSet's errors, as {@link #deployment}'s. */
  static List<String[]> daemonSet(JsonNode strategy) {
    List<String[]> causes = new ArrayList<>();
    if (!strategy.path("type").asText("RollingUpdate").equals("RollingUpdate") || !strategy.path("rollingUpdate").isObject()) {
      return causes; // OnDelete, or the API's defaults
    }
    String field = "spec.updateStrategy.rollingUpdate.";
    JsonNode unavailable = orDefault(strategy.path("rollingUpdate").path("maxUnavailable"), IntNode.valueOf(1));
    JsonNode surge = orDefault(strategy.path("rollingUpdate").path("maxSurge"), IntNode.valueOf(0));
    intOrPercent(unavailable, field + "maxUnavailable", causes);
    intOrPercent(surge, field + "maxSurge", causes);
    notAbove100Percent(unavailable, field + "maxUnavailable", causes);
    notAbove100Percent(surge, field + "maxSurge", causes);
    boolean hasUnavailable = value(unavailable) != 0;
    boolean hasSurge = value(surge) != 0;
    if (hasUnavailable && hasSurge) {
      causes.add(new String[] {field + "maxSurge", "Invalid value: " + printed(surge) + ": may not be set when maxUnavailable is non-zero"});
    } else if (!hasUnavailable && !hasSurge) {
      causes.add(new String[] {field + "maxUnavailable", "Invalid value: " + printed(unavailable) + ": cannot be 0 when maxSurge is 0"});
    }
    return causes;
  }

  /**
   * A StatefulSet's errors, as {@link #deployment}'s (validateRollingUpdateStatefulSet): partition first, then
   * maxUnavailable, which has no surge beside it and so may not be 0 itself ("abc" reads as 0 there too).
   */
  static List<String[]> statefulSet(JsonNode strategy) {
    List<String[]> causes = new ArrayList<>();
    JsonNode rollingUpdate = strategy.path("rollingUpdate");
    if (strategy.path("type").asText().equals("OnDelete") && rollingUpdate.isObject()) {
      // ValidateStatefulSetSpec refuses the block beside OnDelete (a DaemonSet's validation lets it be). A merge patch to
      // OnDelete keeps the stored block, so it is refused there too unless the patch nulls it, as on a real cluster.
      causes.add(new String[] {"spec.updateStrategy.rollingUpdate", "Invalid value: " + printedStatefulSetRollingUpdate(rollingUpdate)
          + ": only allowed for updateStrategy 'RollingUpdate'"});
      return causes;
    }
    if (!strategy.path("type").asText("RollingUpdate").equals("RollingUpdate") || !rollingUpdate.isObject()) {
      return causes; // OnDelete, or the API's defaults
    }
    String field = "spec.updateStrategy.rollingUpdate.";
    JsonNode partition = strategy.path("rollingUpdate").path("partition");
    if (partition.isIntegralNumber() && partition.asLong() < 0) {
      causes.add(new String[] {field + "partition", "Invalid value: " + partition.asLong() + ": must be greater than or equal to 0"});
    }
    JsonNode unavailable = strategy.path("rollingUpdate").path("maxUnavailable");
    if (unavailable.isMissingNode() || unavailable.isNull()) {
      return causes; // only a given maxUnavailable is validated
    }
    intOrPercent(unavailable, field + "maxUnavailable", causes);
    if (value(unavailable) == 0) {
      causes.add(new String[] {field + "maxUnavailable", "Invalid value: " + printed(unavailable) + ": cannot be 0"});
    }
    notAbove100Percent(unavailable, field + "maxUnavailable", causes);
    return causes;
  }

  private static JsonNode orDefault(JsonNode value, JsonNode absent) {
    return value.isMissingNode() || value.isNull() ? absent : value;
  }

  /** ValidatePositiveIntOrPercent: a string must be a percentage, a number not negative. */
  private static void intOrPercent(JsonNode value, String field, List<String[]> causes) {
    if (value.isTextual() && !PERCENT.matcher(value.asText()).matches()) {
      causes.add(new String[] {field, "Invalid value: " + printed(value)
          + ": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"});
    } else if (value.isIntegralNumber() && value.asLong() < 0) {
      causes.add(new String[] {field, "Invalid value: " + value.asLong() + ": must be greater than or equal to 0"});
    }
  }

  /** IsNotMoreThan100Percent: only a percentage is held to it. */
  private static void notAbove100Percent(JsonNode value, String field, List<String[]> causes) {
    if (value.isTextual() && PERCENT.matcher(value.asText()).matches() && value(value) > 100) {
      causes.add(new String[] {field, "Invalid value: " + printed(value) + ": must not be greater than 100%"});
    }
  }

  /** The bound's number as the apiserver compares it: a percentage's, a count's, and 0 for a string that is neither. */
  private static long value(JsonNode value) {
    if (!value.isTextual()) {
      return value.asLong();
    }
    String text = value.asText();
    try {
      return Long.parseLong(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** An IntOrString as the apiserver's field errors print one (Go's %#v of the struct). */
  private static String printed(JsonNode value) {
    return value.isTextual() ? "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + JSON.valueToTree(value.asText()) + "}"
        : "intstr.IntOrString{Type:0, IntVal:" + value.asLong() + ", StrVal:\"\"}";
  }

  /**
   * The refused block as the apiserver's field error prints it (Go's %#v of the internal struct the pointer holds):
   * {@code apps.RollingUpdateStatefulSetStrategy{Partition:0, MaxUnavailable:(*intstr.IntOrString)(nil)}}. A given
   * maxUnavailable prints there as a pointer's address, which is a different number every time on a real cluster.
   */
  private static String printedStatefulSetRollingUpdate(JsonNode rollingUpdate) {
    JsonNode unavailable = rollingUpdate.path("maxUnavailable");
    return "apps.RollingUpdateStatefulSetStrategy{Partition:" + rollingUpdate.path("partition").asLong(0) + ", MaxUnavailable:(*intstr.IntOrString)("
        + (unavailable.isMissingNode() || unavailable.isNull() ? "nil" : "0xc000a1b2c0") + ")}";
  }

  /** apierrors.NewInvalid: one error is the message's tail, several are listed in brackets; each is a cause. */
  private static MockResponse refusal(String kind, String name, List<String[]> causes) {
    List<String> errors = causes.stream().map(c -> c[0] + ": " + c[1]).toList();
    String message = kind + ".apps \"" + name + "\" is invalid: " + (errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]");
    ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", "Invalid");
    ObjectNode details = status.putObject("details").put("name", name).put("group", "apps").put("kind", kind);
    ArrayNode list = details.putArray("causes");
    causes.forEach(c -> list.addObject().put("reason", "FieldValueInvalid").put("message", c[1]).put("field", c[0]));
    status.put("code", 422);
    return new MockResponse().setResponseCode(422).setHeader("Content-Type", "application/json").setBody(status.toString());
  }
}
