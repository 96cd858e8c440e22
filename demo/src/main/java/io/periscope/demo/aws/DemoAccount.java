package io.periscope.demo.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's fake AWS account as plain data: IAM roles and managed policies, EKS clusters with
 * their Pod Identity associations and access entries, and the caller the demo's static credentials stand for.
 * {@link #load()} reads {@code account.yaml} next to this class; later features add to that file.
 * Documents are kept as the text AWS would store and return.
 */
public record DemoAccount(String accountId, Caller caller, List<Role> roles, List<ManagedPolicy> managedPolicies, List<Cluster> clusters) {
  public DemoAccount {
    roles = List.copyOf(roles);
    managedPolicies = List.copyOf(managedPolicies);
    clusters = List.copyOf(clusters);
  }

  /** The identity behind the static demo credentials: a session of an IAM role in this account. */
  public record Caller(String accessKeyId, String secretAccessKey, String role, String session) {}

  /**
   * An IAM role: trust policy, inline policies (name → document, in order), attached managed policy
   * ARNs, and the managed policy set as its permission boundary ({@code ""}: none).
   */
  public record Role(String name, Instant created, String description, String trust, Map<String, String> inline, List<String> attached,
      String permissionsBoundary) {
    public Role {
      inline = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inline));
      attached = List.copyOf(attached);
    }

    /** A role without a permission boundary. */
    public Role(String name, Instant created, String description, String trust, Map<String, String> inline, List<String> attached) {
      this(name, created, description, trust, inline, attached, "");
    }
  }

  /** A managed policy (customer or AWS) with its versions (id → document) and the default one. */
  public record ManagedPolicy(String arn, Instant created, Instant updated, String defaultVersion, Map<String, String> versions) {
    public ManagedPolicy {
      versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    public String name() {
      return arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** {@code /} for {@code arn:aws:iam::aws:policy/X}, {@code /a/b/} for {@code policy/a/b/X}. */
    public String path() {
      String afterType = arn.substring(arn.indexOf(":policy/") + ":policy".length());
      return afterType.substring(0, afterType.lastIndexOf('/') + 1);
    }
  }

  /** An EKS cluster of the account; its endpoint and CA are attached when its apiserver runs ({@link FakeAws#attach}). */
  public record Cluster(String name, String region, String version, String platformVersion, Instant created, String oidcId,
      List<PodIdentityAssociation> podIdentityAssociations, String authenticationMode, List<AccessEntry> accessEntries) {
    public Cluster {
      podIdentityAssociations = List.copyOf(podIdentityAssociations);
      accessEntries = List.copyOf(accessEntries);
    }
  }

  /**
   * An EKS access entry: an IAM principal (full ARN), its type ({@code STANDARD}, {@code EC2_LINUX}, ...),
   * Kubernetes username and groups, and its associated access policies.
   */
  public record AccessEntry(String principalArn, String type, String username, List<String> groups, List<AccessPolicy> policies,
      Instant created) {
    public AccessEntry {
      groups = List.copyOf(groups);
      policies = List.copyOf(policies);
    }
  }

  /** An access policy of an entry, by name ({@code AmazonEKSViewPolicy}); no namespaces: cluster-wide. */
  public record AccessPolicy(String policy, List<String> namespaces) {
    public AccessPolicy {
      namespaces = List.copyOf(namespaces);
    }

    public String arn() {
      return "arn:aws:eks::aws:cluster-access-policy/" + policy;
    }
  }

  /** An EKS Pod Identity association: namespace + ServiceAccount → role (by name, in this account). */
  public record PodIdentityAssociation(String id, String namespace, String serviceAccount, String role, Instant created) {}

  public String roleArn(String roleName) {
    return "arn:aws:iam::" + accountId + ":role/" + roleName;
  }

  public Optional<Role> role(String name) {
    return roles.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  public Optional<ManagedPolicy> managedPolicy(String arn) {
    return managedPolicies.stream().filter(p -> p.arn().equals(arn)).findFirst();
  }

  public Optional<Cluster> cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * This account with {@code actions} refused to the server's role by an explicit Deny, as when an
   * operator's grant misses them: AWS Access then shows its locked pane naming them.
   */
  public DemoAccount withServerDenied(List<String> actions) {
    if (actions.isEmpty()) {
      return this;
    }
    String deny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"WithheldForTheDemo\",\"Effect\":\"Deny\",\"Action\":"
        + actions.stream().map(a -> "\"" + a.replace("\"", "") + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"))
        + ",\"Resource\":\"*\"}]}";
    List<Role> changed = roles.stream().map(r -> {
      if (!r.name().equals(caller.role())) {
        return r;
      }
      var inline = new java.util.LinkedHashMap<>(r.inline());
      inline.put("periscope-demo-withheld", deny);
      return new Role(r.name(), r.created(), r.description(), r.trust(), inline, r.attached(), r.permissionsBoundary());
    }).toList();
    return new DemoAccount(accountId, caller, changed, managedPolicies, clusters);
  }

  /** The account in {@code account.yaml}. */
  public static DemoAccount load() {
    try (InputStream in = DemoAccount.class.getResourceAsStream("account.yaml")) {
      if (in == null) {
        throw new IllegalStateException("account.yaml is missing from the demo module's resources");
      }
      return parse(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo AWS account", e);
    }
  }

  static DemoAccount parse(JsonNode root) {
    JsonNode c = root.path("caller");
    var caller = new Caller(text(c, "accessKeyId"), text(c, "secretAccessKey"), text(c, "role"), text(c, "session"));
    List<Role> roles = new ArrayList<>();
    root.path("roles").forEach(r -> roles.add(new Role(text(r, "name"), Instant.parse(text(r, "created")), r.path("description").asText(""),
        text(r, "trust"), strings(r.path("inline")), list(r.path("attached")), r.path("permissionsBoundary").asText(""))));
    List<ManagedPolicy> policies = new ArrayList<>();
    root.path("managedPolicies").forEach(p -> policies.add(new ManagedPolicy(text(p, "arn"), Instant.parse(text(p, "created")),
        Instant.parse(text(p, "updated")), text(p, "defaultVersion"), strings(p.path("versions")))));
    List<Cluster> clusters = new ArrayList<>();
    root.path("clusters").forEach(k -> {
      List<PodIdentityAssociation> associations = new ArrayList<>();
      k.path("podIdentityAssociations").forEach(a -> associations.add(new PodIdentityAssociation(text(a, "id"), text(a, "namespace"),
          text(a, "serviceAccount"), text(a, "role"), Instant.parse(text(a, "created")))));
      List<AccessEntry> entries = new ArrayList<>();
      k.path("accessEntries").forEach(e -> {
        List<AccessPolicy> access = new ArrayList<>();
        e.path("policies").forEach(p -> access.add(new AccessPolicy(text(p, "policy"), list(p.path("namespaces")))));
        entries.add(new AccessEntry(text(e, "principalArn"), e.path("type").asText("STANDARD"), e.path("username").asText(""),
            list(e.path("groups")), access, Instant.parse(text(e, "created"))));
      });
      clusters.add(new Cluster(text(k, "name"), text(k, "region"), text(k, "version"), text(k, "platformVersion"),
          Instant.parse(text(k, "created")), text(k, "oidcId"), associations, k.path("authenticationMode").asText("API_AND_CONFIG_MAP"), entries));
    });
    return new DemoAccount(text(root, "accountId"), caller, roles, policies, clusters);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.asText().isEmpty()) {
      throw new IllegalStateException("account.yaml: '" + field + "' is missing in " + node);
    }
    return v.asText();
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static List<String> list(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }
}
