package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The apiserver's validation of a Deployment's rolling update bounds (ValidateRollingUpdateDeployment), which the CRUD
 * store does not do: {@code maxSurge} and {@code maxUnavailable} are each a count from 0 or a percentage string
 * ({@code "[0-9]+%"}; {@code "1"} as a string is not one), {@code maxUnavailable} at most 100%, and not both zero. The
 * demo's rollout reads them as the controller would ({@link DeploymentRollout.Bounds}), so a value the apiserver
 * refuses must never be stored: it is checked as the object is about to be, whichever write made it (a create, a PUT,
 * any patch, an apply), and refused with the apiserver's 422 Invalid Status, its causes in {@code details}.
 */
final class DeploymentValidation {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PERCENT = Pattern.compile("[0-9]+%");
  private static final String FIELD = "spec.strategy.rollingUpdate.";

  private DeploymentValidation() {}

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

  /** Throws {@link Invalid} when {@code json} is a Deployment the apiserver would refuse to store. */
  static void check(String json) {
    JsonNode object;
    try {
      object = JSON.readTree(json);
    } catch (java.io.IOException e) {
      return; // not JSON the store could keep either; not this check's to refuse
    }
    if (!"Deployment".equals(object.path("kind").asText()) || !object.path("apiVersion").asText().startsWith("apps/")) {
      return;
    }
    List<String[]> causes = causes(object.path("spec").path("strategy"));
    if (!causes.isEmpty()) {
      throw new Invalid(refusal(object.path("metadata").path("name").asText(), causes));
    }
  }

  /** Each error as {field, its body ("Invalid value: ...: why")}, in the apiserver's order. */
  static List<String[]> causes(JsonNode strategy) {
    List<String[]> causes = new ArrayList<>();
    if (!strategy.path("type").asText("RollingUpdate").equals("RollingUpdate") || !strategy.path("rollingUpdate").isObject()) {
      return causes; // Recreate, or the API's defaults (25% each)
    }
    JsonNode rollingUpdate = strategy.path("rollingUpdate");
    JsonNode unavailable = rollingUpdate.path("maxUnavailable");
    JsonNode surge = rollingUpdate.path("maxSurge");
    intOrPercent(unavailable, "maxUnavailable", causes);
    intOrPercent(surge, "maxSurge", causes);
    if (value(unavailable, "25%") == 0 && value(surge, "25%") == 0) {
      causes.add(new String[] {FIELD + "maxUnavailable", "Invalid value: " + printed(unavailable) + ": may not be 0 when `maxSurge` is 0"});
    }
    if (unavailable.isTextual() && PERCENT.matcher(unavailable.asText()).matches() && value(unavailable, "25%") > 100) {
      causes.add(new String[] {FIELD + "maxUnavailable", "Invalid value: " + printed(unavailable) + ": must not be greater than 100%"});
    }
    return causes;
  }

  /** ValidatePositiveIntOrPercent: a string must be a percentage, a number not negative. */
  private static void intOrPercent(JsonNode value, String field, List<String[]> causes) {
    if (value.isTextual() && !PERCENT.matcher(value.asText()).matches()) {
      causes.add(new String[] {FIELD + field, "Invalid value: " + printed(value)
          + ": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"});
    } else if (value.isIntegralNumber() && value.asLong() < 0) {
      causes.add(new String[] {FIELD + field, "Invalid value: " + value.asLong() + ": must be greater than or equal to 0"});
    }
  }

  /** The bound's number as the apiserver compares it: a percentage's, a count's, and 0 for a string that is neither. */
  private static long value(JsonNode value, String absent) {
    String text = value.isMissingNode() || value.isNull() ? absent : value.isTextual() ? value.asText() : null;
    if (text == null) {
      return value.asLong();
    }
    String digits = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** An IntOrString as the apiserver's field errors print one (Go's %#v of the struct). */
  private static String printed(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return "null";
    }
    return value.isTextual() ? "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + JSON.valueToTree(value.asText()) + "}"
        : "intstr.IntOrString{Type:0, IntVal:" + value.asLong() + ", StrVal:\"\"}";
  }

  /** apierrors.NewInvalid: one error is the message's tail, several are listed in brackets; each is a cause. */
  private static MockResponse refusal(String name, List<String[]> causes) {
    List<String> errors = causes.stream().map(c -> c[0] + ": " + c[1]).toList();
    String message = "Deployment.apps \"" + name + "\" is invalid: " + (errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]");
    ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", "Invalid");
    ObjectNode details = status.putObject("details").put("name", name).put("group", "apps").put("kind", "Deployment");
    ArrayNode list = details.putArray("causes");
    causes.forEach(c -> list.addObject().put("reason", "FieldValueInvalid").put("message", c[1]).put("field", c[0]));
    status.put("code", 422);
    return new MockResponse().setResponseCode(422).setHeader("Content-Type", "application/json").setBody(status.toString());
  }
}
