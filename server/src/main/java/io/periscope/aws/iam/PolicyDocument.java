package io.periscope.aws.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An IAM policy document as AWS stores it: {@code Statement} one object or a list; {@code Action},
 * {@code NotAction}, {@code Resource}, {@code NotResource} a string or a list.
 *
 * @param source where it came from, for evidence (e.g. {@code inline:app-s3} or a managed policy ARN)
 */
public record PolicyDocument(String source, List<Statement> statements) {
  private static final ObjectMapper JSON = Json.mapper();

  public PolicyDocument {
    statements = List.copyOf(statements);
  }

  /**
   * One statement. Empty {@code notActions}/{@code notResources} mean the statement uses
   * {@code Action}/{@code Resource}; {@code condition} is its {@code Condition} block as compact
   * JSON ({@code ""} when it has none), shown but not evaluated.
   */
  public record Statement(String sid, boolean allow, List<String> actions, List<String> notActions, List<String> resources,
      List<String> notResources, String condition) {
    /** Whether the statement applies only under a condition. */
    public boolean conditional() {
      return !condition.isEmpty();
    }
  }

  /** @throws IllegalArgumentException naming the source and the problem when the text is not a policy */
  public static PolicyDocument parse(String source, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("policy " + source + " is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("policy " + source + " is not a JSON object");
    }
    JsonNode st = root.get("Statement");
    List<Statement> out = new ArrayList<>();
    if (st != null && st.isArray()) {
      for (int i = 0; i < st.size(); i++) {
        out.add(statement(source + " statement " + i, st.get(i)));
      }
    } else if (st != null && st.isObject()) {
      out.add(statement(source + " statement 0", st));
    } else {
      throw new IllegalArgumentException("policy " + source + " has no Statement");
    }
    return new PolicyDocument(source, out);
  }

  private static Statement statement(String where, JsonNode s) {
    if (!s.isObject()) {
      throw new IllegalArgumentException(where + " is not an object");
    }
    String effect = s.path("Effect").asText("");
    if (!effect.equals("Allow") && !effect.equals("Deny")) {
      throw new IllegalArgumentException(where + " has Effect '" + effect + "' (Allow or Deny)");
    }
    List<String> actions = strings(where, s.get("Action"));
    List<String> notActions = strings(where, s.get("NotAction"));
    List<String> resources = strings(where, s.get("Resource"));
    List<String> notResources = strings(where, s.get("NotResource"));
    if (actions.isEmpty() == notActions.isEmpty()) {
      throw new IllegalArgumentException(where + " needs exactly one of Action and NotAction");
    }
    if (resources.isEmpty() && notResources.isEmpty()) {
      resources = List.of("*"); // trust policies and some stored documents omit it; identity policies always name one
    }
    JsonNode condition = s.get("Condition");
    String conditionJson = condition != null && condition.isObject() && condition.size() > 0 ? condition.toString() : "";
    return new Statement(s.path("Sid").asText(""), effect.equals("Allow"), actions, notActions, resources, notResources, conditionJson);
  }

  private static List<String> strings(String where, JsonNode v) {
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (v.isTextual()) {
      return List.of(v.asText());
    }
    if (v.isArray()) {
      List<String> out = new ArrayList<>();
      v.forEach(x -> {
        if (!x.isTextual()) {
          throw new IllegalArgumentException(where + " has a non-string action or resource");
        }
        out.add(x.asText());
      });
      return out;
    }
    throw new IllegalArgumentException(where + " has an action or resource that is neither a string nor a list");
  }
}
