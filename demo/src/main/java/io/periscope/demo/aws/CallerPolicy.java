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
 * Whether the demo caller's role may call an action, so the fake account answers
 * {@code AccessDenied} like AWS when {@code account.yaml} takes an action away from
 * {@code periscope-server}. Deliberately small: only statements on {@code Resource: "*"} count
 * (the server role's policy is written that way), an explicit Deny wins, actions match
 * case-insensitively with {@code *} and {@code ?}; conditions are not part of the demo.
 */
final class CallerPolicy {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Pattern> allowed = new ArrayList<>();
  private final List<Pattern> denied = new ArrayList<>();

  CallerPolicy(DemoAccount account) {
    DemoAccount.Role role = account.role(account.caller().role())
        .orElseThrow(() -> new IllegalStateException("account.yaml: the caller's role " + account.caller().role() + " is not defined"));
    List<String> documents = new ArrayList<>(role.inline().values());
    role.attached().forEach(arn -> account.managedPolicy(arn).ifPresent(p -> documents.add(p.versions().get(p.defaultVersion()))));
    documents.forEach(this::read);
  }

  boolean allows(String action) {
    String a = action.toLowerCase(Locale.ROOT);
    return denied.stream().noneMatch(p -> p.matcher(a).matches()) && allowed.stream().anyMatch(p -> p.matcher(a).matches());
  }

  private void read(String document) {
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException("account.yaml: a policy of the caller's role is not JSON", e);
    }
    JsonNode statements = root.path("Statement");
    for (JsonNode s : statements.isArray() ? statements : List.of(statements)) {
      if (!values(s.path("Resource")).contains("*")) {
        continue;
      }
      List<Pattern> into = "Deny".equals(s.path("Effect").asText()) ? denied : allowed;
      values(s.path("Action")).forEach(a -> into.add(glob(a)));
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

  private static Pattern glob(String action) {
    StringBuilder re = new StringBuilder();
    for (char c : action.toLowerCase(Locale.ROOT).toCharArray()) {
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(re.toString());
  }
}
