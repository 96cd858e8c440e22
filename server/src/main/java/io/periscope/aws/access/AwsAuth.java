package io.periscope.aws.access;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code kube-system/aws-auth} ConfigMap as aws-iam-authenticator reads it: {@code mapRoles},
 * {@code mapUsers} and {@code mapAccounts} are YAML documents inside string values. A key that is
 * not valid YAML is skipped whole (as the authenticator does) with a warning naming its line; an
 * entry without its ARN is skipped with a warning; the other keys and entries still count.
 *
 * <p>Role ARNs are matched without their path: a session's assumed-role ARN names only the role,
 * so the authenticator never matches {@code role/team/x} — such a mapping is kept (under the
 * path-less ARN it would need) and warned about. Usernames may carry the authenticator's
 * templates ({@code {{SessionName}}}, {@code {{EC2PrivateDNSName}}}, ...), kept as written.
 */
public record AwsAuth(List<Mapping> mappings, List<String> accounts, List<String> warnings) {
  /** The username templates aws-iam-authenticator fills in. */
  static final List<String> TEMPLATES = List.of("SessionName", "SessionNameRaw", "EC2PrivateDNSName", "AccountID", "AccessKeyID");
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{([^}]*)}}");
  private static final Pattern ROLE_ARN = Pattern.compile("^(arn:[^:]+:iam::[^:]*:role/)(.+/)?([^/]+)$");

  public AwsAuth {
    mappings = List.copyOf(mappings);
    accounts = List.copyOf(accounts);
    warnings = List.copyOf(warnings);
  }

  public enum Kind { ROLE, USER }

  /**
   * One {@code mapRoles} / {@code mapUsers} entry.
   *
   * @param arn as written
   * @param principalArn the ARN the authenticator matches a caller against (a role's without its path)
   * @param key the ConfigMap key it is in ({@code mapRoles}, {@code mapUsers})
   * @param line its line in that key's value (1-based)
   */
  public record Mapping(Kind kind, String arn, String principalArn, String username, List<String> groups, String key, int line) {
    public Mapping {
      groups = List.copyOf(groups);
    }

    /** Where it is, for messages: {@code mapRoles line 4}. */
    public String where() {
      return key + " line " + line;
    }

    /** Why no caller ever matches it (a wildcard, a role ARN written with its path); empty when one can. */
    public java.util.Optional<String> neverMatches() {
      if (arn.contains("*") || arn.contains("?")) {
        return java.util.Optional.of("never matches: aws-iam-authenticator compares ARNs literally, and this one has a wildcard");
      }
      if (!arn.equalsIgnoreCase(principalArn)) {
        return java.util.Optional.of("never matches: the role ARN is written with its path, which the authenticator does not see in a caller's ARN");
      }
      return java.util.Optional.empty();
    }
  }

  /** An empty aws-auth (none, or no data). */
  public static AwsAuth empty() {
    return new AwsAuth(List.of(), List.of(), List.of());
  }

  /** @param data the ConfigMap's {@code data} (null: none) */
  public static AwsAuth parse(Map<String, String> data) {
    if (data == null) {
      return empty();
    }
    List<Mapping> mappings = new ArrayList<>();
    List<String> accounts = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    mappings(data.get("mapRoles"), "mapRoles", "rolearn", Kind.ROLE, mappings, warnings);
    mappings(data.get("mapUsers"), "mapUsers", "userarn", Kind.USER, mappings, warnings);
    String mapAccounts = data.get("mapAccounts");
    compose(mapAccounts, "mapAccounts", warnings).ifPresent(root -> {
      if (!(root instanceof SequenceNode seq)) {
        warnings.add("mapAccounts line " + line(root) + ": not a list of account IDs; ignored");
        return;
      }
      for (Node n : seq.getValue()) {
        if (n instanceof ScalarNode s && !s.getValue().isBlank()) {
          accounts.add(s.getValue().trim());
        } else {
          warnings.add("mapAccounts line " + line(n) + ": not an account ID; ignored");
        }
      }
    });
    return new AwsAuth(mappings, accounts, warnings);
  }

  private static void mappings(String text, String key, String arnField, Kind kind, List<Mapping> out, List<String> warnings) {
    compose(text, key, warnings).ifPresent(root -> {
      if (!(root instanceof SequenceNode seq)) {
        warnings.add(key + " line " + line(root) + ": not a list of mappings; " + key + " ignored");
        return;
      }
      for (Node item : seq.getValue()) {
        mapping(item, key, arnField, kind, warnings).ifPresent(out::add);
      }
    });
  }

  private static Optional<Mapping> mapping(Node item, String key, String arnField, Kind kind, List<String> warnings) {
    String where = key + " line " + line(item);
    if (!(item instanceof MappingNode map)) {
      warnings.add(where + ": not a mapping with " + arnField + ", username and groups; ignored");
      return Optional.empty();
    }
    String arn = null;
    String username = "";
    List<String> groups = new ArrayList<>();
    for (NodeTuple t : map.getValue()) {
      String field = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
      Node value = t.getValueNode();
      switch (field) {
        case "rolearn", "userarn" -> {
          if (field.equals(arnField) && value instanceof ScalarNode s) {
            arn = s.getValue().trim();
          }
        }
        case "username" -> username = value instanceof ScalarNode s ? s.getValue() : "";
        case "groups" -> {
          if (value instanceof SequenceNode gs) {
            gs.getValue().forEach(g -> {
              if (g instanceof ScalarNode s) {
                groups.add(s.getValue());
              }
            });
          } else if (!(value instanceof ScalarNode s && s.getValue().isEmpty())) {
            warnings.add(key + " line " + line(value) + ": groups is not a list; the entry's groups are ignored");
          }
        }
        default -> { } // the authenticator ignores fields it does not know
      }
    }
    if (arn == null || arn.isEmpty()) {
      warnings.add(where + ": no " + arnField + "; the entry is ignored");
      return Optional.empty();
    }
    String principal = arn;
    if (kind == Kind.ROLE) {
      Matcher m = ROLE_ARN.matcher(arn);
      if (m.matches() && m.group(2) != null) {
        principal = m.group(1) + m.group(3);
        warnings.add(where + ": rolearn " + arn + " has a path; aws-iam-authenticator matches sessions by the role ARN without it, "
            + "so this entry never matches — write " + principal);
      }
    }
    Matcher t = TEMPLATE.matcher(username);
    while (t.find()) {
      if (!TEMPLATES.contains(t.group(1))) {
        warnings.add(where + ": username template {{" + t.group(1) + "}} is not one aws-iam-authenticator knows (" + String.join(", ", TEMPLATES) + ")");
      }
    }
    return Optional.of(new Mapping(kind, arn, principal, username, groups, key, line(item)));
  }

  /** The key's YAML document; empty (with a warning naming the line) when it is not YAML, or when the key is absent or blank. */
  private static Optional<Node> compose(String text, String key, List<String> warnings) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text)));
    } catch (MarkedYAMLException e) {
      Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Mark context = e.getContextMark();
      String started = e.getContext() == null || context == null || at == null || context.getLine() == at.getLine() ? ""
          : e.getContext() + " started on line " + (context.getLine() + 1) + ": ";
      warnings.add(key + (at == null ? "" : " line " + (at.getLine() + 1)) + ": not valid YAML (" + started + e.getProblem() + "); " + key
          + " is ignored, as aws-iam-authenticator ignores it");
      return Optional.empty();
    } catch (YAMLException e) {
      warnings.add(key + ": not valid YAML (" + e.getMessage() + "); " + key + " is ignored, as aws-iam-authenticator ignores it");
      return Optional.empty();
    }
  }

  private static int line(Node n) {
    return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  /** The key principals are matched by: ARNs compare case-insensitively (as the authenticator lower-cases them). */
  static String matchKey(String principalArn) {
    Matcher m = ROLE_ARN.matcher(principalArn);
    String canonical = m.matches() ? m.group(1) + m.group(3) : principalArn;
    return canonical.toLowerCase(Locale.ROOT);
  }
}
