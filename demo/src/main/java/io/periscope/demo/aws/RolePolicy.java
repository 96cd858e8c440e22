package io.periscope.demo.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a role of the account may call an action on a resource, so the fake account answers
 * {@code AccessDenied} like AWS when {@code account.yaml} takes an action away from the server's
 * role, and answers {@code SimulatePrincipalPolicy} for any role. Deliberately small: an explicit
 * Deny wins, actions match case-insensitively and resources case-sensitively, both with {@code *}
 * and {@code ?}; a request on {@code *} (no resource named) matches only statements on {@code *},
 * as IAM's simulator does; conditions are not part of the demo.
 */
final class RolePolicy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Statement(List<Pattern> actions, List<Pattern> resources, List<String> rawResources) {}

  private final List<Statement> allowed = new ArrayList<>();
  private final List<Statement> denied = new ArrayList<>();

  /** The identity policies of {@code roleName}: inline ones and the default versions of the attached ones. */
  static RolePolicy of(DemoAccount account, String roleName) {
    DemoAccount.Role role = account.role(roleName)
        .orElseThrow(() -> new IllegalArgumentException("the role " + roleName + " is not defined in account.yaml"));
    RolePolicy policy = new RolePolicy();
    role.inline().values().forEach(policy::read);
    role.attached().forEach(arn -> account.managedPolicy(arn).ifPresent(p -> policy.read(p.versions().get(p.defaultVersion()))));
    return policy;
  }

  boolean allows(String action, String resource) {
    return decision(action, resource).equals("allowed");
  }

  /** IAM's simulator words: {@code explicitDeny}, {@code allowed} or {@code implicitDeny}. */
  String decision(String action, String resource) {
    String a = action.toLowerCase(Locale.ROOT);
    if (denied.stream().anyMatch(s -> applies(s, a, resource))) {
      return "explicitDeny";
    }
    return allowed.stream().anyMatch(s -> applies(s, a, resource)) ? "allowed" : "implicitDeny";
  }

  private static boolean applies(Statement s, String action, String resource) {
    boolean resourceMatches = resource.equals("*")
        ? s.rawResources().contains("*")
        : s.resources().stream().anyMatch(p -> p.matcher(resource).matches());
    return resourceMatches && s.actions().stream().anyMatch(p -> p.matcher(action).matches());
  }

  private void read(String document) {
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException("account.yaml: a role policy is not JSON", e);
    }
    JsonNode statements = root.path("Statement");
    for (JsonNode s : statements.isArray() ? statements : List.of(statements)) {
      List<String> resources = values(s.path("Resource"));
      var statement = new Statement(values(s.path("Action")).stream().map(a -> glob(a.toLowerCase(Locale.ROOT))).toList(),
          resources.stream().map(RolePolicy::glob).toList(), resources);
      ("Deny".equals(s.path("Effect").asText()) ? denied : allowed).add(statement);
    }
  }

  private static List<String> values(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }

  private static Pattern glob(String text) {
    StringBuilder re = new StringBuilder();
    for (char c : text.toCharArray()) {
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(re.toString());
  }
}
