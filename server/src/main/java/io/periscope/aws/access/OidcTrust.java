package io.periscope.aws.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.periscope.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an IRSA role's trust policy lets more than its ServiceAccount assume it: an Allow of
 * {@code sts:AssumeRoleWithWebIdentity} to an OIDC provider with no {@code <issuer>:sub}
 * condition (every identity the provider issues: every ServiceAccount of the cluster), or with a
 * {@code sub} pattern ({@code StringLike} with {@code *} or {@code ?}).
 */
final class OidcTrust {
  private static final ObjectMapper JSON = Json.mapper();

  private OidcTrust() {}

  /** A broad trust: why, and the OIDC provider (issuer host and path) it trusts. */
  record Broad(String why, String provider) {}

  /** Why the trust is broad, or empty when every OIDC statement pins {@code sub} (or the document cannot be read). */
  static Optional<Broad> broad(String trustPolicy) {
    if (trustPolicy == null || trustPolicy.isBlank()) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(trustPolicy);
    } catch (IOException e) {
      return Optional.empty();
    }
    for (JsonNode st : list(root == null ? null : root.get("Statement"))) {
      if (!"Allow".equals(st.path("Effect").asText()) || !webIdentity(list(st.get("Action")))) {
        continue;
      }
      List<String> providers = strings(st.path("Principal").get("Federated")).stream().filter(p -> p.contains(":oidc-provider/")).toList();
      if (providers.isEmpty()) {
        continue;
      }
      String provider = providers.getFirst().substring(providers.getFirst().indexOf(":oidc-provider/") + ":oidc-provider/".length());
      List<String> patterns = new ArrayList<>();
      boolean pinned = false;
      for (Map.Entry<String, JsonNode> op : fields(st.get("Condition"))) {
        boolean like = op.getKey().toLowerCase(Locale.ROOT).contains("stringlike");
        for (Map.Entry<String, JsonNode> key : fields(op.getValue())) {
          if (!key.getKey().toLowerCase(Locale.ROOT).endsWith(":sub")) {
            continue;
          }
          for (String v : strings(key.getValue())) {
            if (like && (v.contains("*") || v.contains("?"))) {
              patterns.add(v);
            } else {
              pinned = true;
            }
          }
        }
      }
      if (!patterns.isEmpty()) {
        return Optional.of(new Broad("its trust policy lets any identity whose sub matches " + String.join(", ", patterns)
            + " (OIDC provider " + provider + ") assume it", provider));
      }
      if (!pinned) {
        return Optional.of(new Broad("its trust policy has no " + provider + ":sub condition: every ServiceAccount of the cluster can assume it",
            provider));
      }
    }
    return Optional.empty();
  }

  private static boolean webIdentity(List<JsonNode> actions) {
    return actions.stream().map(JsonNode::asText).anyMatch(a -> a.equalsIgnoreCase("sts:AssumeRoleWithWebIdentity") || a.equals("sts:*")
        || a.equals("*"));
  }

  private static List<JsonNode> list(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n != null && n.isArray()) {
      n.forEach(out::add);
    } else if (n != null && !n.isNull() && !n.isMissingNode()) {
      out.add(n);
    }
    return out;
  }

  private static List<String> strings(JsonNode n) {
    return list(n).stream().filter(JsonNode::isTextual).map(JsonNode::asText).toList();
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode n) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    if (n != null && n.isObject()) {
      n.fields().forEachRemaining(out::add);
    }
    return out;
  }
}
