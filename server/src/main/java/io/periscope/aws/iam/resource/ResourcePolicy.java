package io.periscope.aws.iam.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.periscope.aws.iam.PolicyDocument;
import io.periscope.aws.iam.RolePolicySet;
import io.periscope.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A resource-based policy: the {@link PolicyDocument} the engine evaluates, plus each statement's
 * {@code Principal} (or {@code NotPrincipal}), which identity policies do not have.
 *
 * @param principals one per statement, in the document's order
 */
public record ResourcePolicy(PolicyDocument document, List<Principals> principals) {
  public ResourcePolicy {
    principals = List.copyOf(principals);
  }

  /**
   * A statement's principals. {@code aws} holds the {@code AWS} entries ({@code *}, an account id,
   * an account root ARN, a role ARN ...); a bare {@code "Principal": "*"} is {@code aws = [*]}.
   * {@code others} are service and federated principals, which never name an IAM role.
   * {@code not}: the statement used {@code NotPrincipal}.
   */
  public record Principals(boolean not, List<String> aws, List<String> others) {
    public Principals {
      aws = List.copyOf(aws);
      others = List.copyOf(others);
    }
  }

  /** How a statement names a role. */
  public enum Naming { DIRECTLY, VIA_ACCOUNT, NOT_AT_ALL }

  /** @throws IllegalArgumentException naming the source when the text is not a policy */
  public static ResourcePolicy parse(String source, String json) {
    PolicyDocument document = PolicyDocument.parse(source, json);
    JsonNode root;
    try {
      root = Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("policy " + source + " is not JSON");
    }
    JsonNode st = root.get("Statement");
    List<Principals> out = new ArrayList<>();
    for (JsonNode s : st.isArray() ? st : List.of(st)) {
      out.add(principals(source, s));
    }
    return new ResourcePolicy(document, out);
  }

  private static Principals principals(String source, JsonNode s) {
    boolean not = s.has("NotPrincipal");
    JsonNode p = not ? s.get("NotPrincipal") : s.get("Principal");
    if (p == null || p.isNull()) {
      return new Principals(false, List.of(), List.of());
    }
    if (p.isTextual()) {
      if (!p.asText().equals("*")) {
        throw new IllegalArgumentException("policy " + source + " has a Principal string other than \"*\"");
      }
      return new Principals(not, List.of("*"), List.of());
    }
    List<String> aws = new ArrayList<>();
    List<String> others = new ArrayList<>();
    p.fields().forEachRemaining(e -> {
      List<String> into = e.getKey().equals("AWS") ? aws : others;
      if (e.getValue().isArray()) {
        e.getValue().forEach(v -> into.add(v.asText()));
      } else {
        into.add(e.getValue().asText());
      }
    });
    return new Principals(not, aws, others);
  }

  /**
   * How statement {@code index} names {@code roleArn}: directly (the role's ARN, or {@code *}, which
   * names everyone), through the role's account ({@code 123456789012} or
   * {@code arn:aws:iam::123456789012:root}: the account then decides through its own IAM policies),
   * or not at all. A {@code NotPrincipal} names whoever it does not list.
   */
  public Naming naming(int index, String roleArn) {
    Principals p = principals.get(index);
    String account = RolePolicySet.account(roleArn);
    boolean direct = p.aws().stream().anyMatch(a -> a.equals("*") || a.equals(roleArn));
    boolean viaAccount = p.aws().stream().anyMatch(a -> a.equals(account) || isRootOf(a, account));
    if (p.not()) {
      return direct || viaAccount ? Naming.NOT_AT_ALL : Naming.DIRECTLY;
    }
    return direct ? Naming.DIRECTLY : viaAccount ? Naming.VIA_ACCOUNT : Naming.NOT_AT_ALL;
  }

  private static boolean isRootOf(String principal, String account) {
    return principal.startsWith("arn:") && principal.endsWith(":root") && RolePolicySet.account(principal).equals(account);
  }
}
