package io.periscope.demo.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EKS's REST-JSON API over a {@link DemoAccount}: {@code DescribeCluster} (with the
 * authentication mode), {@code ListPodIdentityAssociations}, {@code DescribePodIdentityAssociation},
 * {@code ListAccessEntries}, {@code DescribeAccessEntry} and {@code ListAssociatedAccessPolicies}, with the shapes
 * of the EKS API reference (timestamps as epoch seconds, errors named by {@code x-amzn-ErrorType}).
 * A cluster is {@code ACTIVE} with an endpoint and CA once its apiserver runs ({@link #attach}),
 * {@code CREATING} without them before.
 */
final class EksApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLUSTER = Pattern.compile("^/clusters/([^/]+)$");
  private static final Pattern ASSOCIATIONS = Pattern.compile("^/clusters/([^/]+)/pod-identity-associations$");
  private static final Pattern ASSOCIATION = Pattern.compile("^/clusters/([^/]+)/pod-identity-associations/([^/]+)$");
  private static final Pattern ENTRIES = Pattern.compile("^/clusters/([^/]+)/access-entries$");
  // The principal ARN is one URI label, percent-encoded on the wire; the path here is decoded, so it spans slashes.
  private static final Pattern ENTRY_POLICIES = Pattern.compile("^/clusters/([^/]+)/access-entries/(arn:.+)/access-policies$");
  private static final Pattern ENTRY = Pattern.compile("^/clusters/([^/]+)/access-entries/(arn:.+)$");
  private static final int MAX_RESULTS = 100;

  /** Where a running cluster's apiserver is: its https URL and the CA certificate (PEM) that signed its serving certificate. */
  record Endpoint(String url, String caPem) {}

  private final DemoAccount account;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final EksLifecycleApi lifecycle;

  EksApi(DemoAccount account, EksLifecycleApi lifecycle) {
    this.account = account;
    this.lifecycle = lifecycle;
  }

  void attach(String cluster, Endpoint endpoint) {
    if (account.cluster(cluster).isEmpty()) {
      throw new IllegalArgumentException("the demo account has no EKS cluster '" + cluster + "'");
    }
    endpoints.put(cluster, endpoint);
  }

  /** The IAM action a request performs ({@code eks:DescribeCluster}), or empty for an unknown route. */
  static Optional<String> action(String method, String path) {
    Optional<String> lifecycle = EksLifecycleApi.action(method, path);
    if (lifecycle.isPresent() || !"GET".equals(method)) {
      return lifecycle;
    }
    if (CLUSTER.matcher(path).matches()) {
      return Optional.of("eks:DescribeCluster");
    }
    if (ASSOCIATIONS.matcher(path).matches()) {
      return Optional.of("eks:ListPodIdentityAssociations");
    }
    if (ASSOCIATION.matcher(path).matches()) {
      return Optional.of("eks:DescribePodIdentityAssociation");
    }
    if (ENTRIES.matcher(path).matches()) {
      return Optional.of("eks:ListAccessEntries");
    }
    if (ENTRY_POLICIES.matcher(path).matches()) {
      return Optional.of("eks:ListAssociatedAccessPolicies");
    }
    if (ENTRY.matcher(path).matches()) {
      return Optional.of("eks:DescribeAccessEntry");
    }
    return Optional.empty();
  }

  AwsReply handle(String method, String path, Map<String, String> query, String body, String requestId) {
    if (EksLifecycleApi.action(method, path).isPresent()) {
      return lifecycle.handle(method, path, query, body, requestId);
    }
    Matcher m;
    if ((m = CLUSTER.matcher(path)).matches() && "GET".equals(method)) {
      String name = m.group(1);
      return cluster(name).map(c -> AwsReply.json(200, write(JSON.createObjectNode().set("cluster", describe(c)))))
          .orElseGet(() -> noCluster(name, requestId));
    }
    if ((m = ASSOCIATIONS.matcher(path)).matches() && "GET".equals(method)) {
      String name = m.group(1);
      return cluster(name).map(c -> list(c, query, requestId)).orElseGet(() -> noCluster(name, requestId));
    }
    if ((m = ASSOCIATION.matcher(path)).matches() && "GET".equals(method)) {
      String name = m.group(1);
      String id = m.group(2);
      return cluster(name).map(c -> c.podIdentityAssociations().stream().filter(a -> a.id().equals(id)).findFirst()
              .map(a -> AwsReply.json(200, write(JSON.createObjectNode().set("association", association(c, a, true)))))
              .orElseGet(() -> AwsReply.restJsonError(404, "ResourceNotFoundException",
                  "No Pod Identity Association found with id " + id + " in cluster " + name + ".", requestId)))
          .orElseGet(() -> noCluster(name, requestId));
    }
    if ((m = ENTRIES.matcher(path)).matches() && "GET".equals(method)) {
      String name = m.group(1);
      return cluster(name).map(c -> page(c.accessEntries().stream().map(DemoAccount.AccessEntry::principalArn).toList(), query, requestId,
          (out, items) -> items.forEach(out.putArray("accessEntries")::add))).orElseGet(() -> noCluster(name, requestId));
    }
    if ((m = ENTRY_POLICIES.matcher(path)).matches() && "GET".equals(method)) {
      String name = m.group(1);
      String principal = m.group(2);
      return cluster(name).map(c -> entry(c, principal).map(e -> page(e.policies(), query, requestId, (out, items) -> {
        out.put("clusterName", c.name()).put("principalArn", e.principalArn());
        ArrayNode policies = out.putArray("associatedAccessPolicies");
        items.forEach(p -> {
          ObjectNode a = policies.addObject().put("policyArn", p.arn());
          ObjectNode scope = a.putObject("accessScope").put("type", p.namespaces().isEmpty() ? "cluster" : "namespace");
          p.namespaces().forEach(scope.putArray("namespaces")::add);
          if (p.namespaces().isEmpty()) {
            scope.putArray("namespaces");
          }
          a.put("associatedAt", seconds(e.created())).put("modifiedAt", seconds(e.created()));
        });
      })).orElseGet(() -> noEntry(c, principal, requestId))).orElseGet(() -> noCluster(name, requestId));
    }
    if ((m = ENTRY.matcher(path)).matches() && "GET".equals(method)) {
      String name = m.group(1);
      String principal = m.group(2);
      return cluster(name).map(c -> entry(c, principal).map(e -> {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode entry = out.putObject("accessEntry");
        entry.put("clusterName", c.name()).put("principalArn", e.principalArn());
        e.groups().forEach(entry.putArray("kubernetesGroups")::add);
        entry.put("accessEntryArn", "arn:aws:eks:" + c.region() + ":" + account.accountId() + ":access-entry/" + c.name() + "/"
                + e.principalArn().substring(e.principalArn().lastIndexOf(':') + 1).replaceFirst("/", "/" + account.accountId() + "/") + "/"
                + UUID.nameUUIDFromBytes(e.principalArn().getBytes(StandardCharsets.UTF_8)))
            .put("createdAt", seconds(e.created())).put("modifiedAt", seconds(e.created()));
        entry.putObject("tags");
        entry.put("username", e.username()).put("type", e.type());
        return AwsReply.json(200, write(out));
      }).orElseGet(() -> noEntry(c, principal, requestId))).orElseGet(() -> noCluster(name, requestId));
    }
    return AwsReply.restJsonError(404, "UnknownOperationException", "Unknown operation " + method + " " + path, requestId);
  }

  private static Optional<DemoAccount.AccessEntry> entry(DemoAccount.Cluster c, String principal) {
    return c.accessEntries().stream().filter(e -> e.principalArn().equals(principal)).findFirst();
  }

  private static AwsReply noEntry(DemoAccount.Cluster c, String principal, String requestId) {
    return AwsReply.restJsonError(404, "ResourceNotFoundException", "The specified principalArn could not be found for cluster " + c.name()
        + ": " + principal, requestId);
  }

  /** One page of {@code items} ({@code maxResults}, an opaque {@code nextToken}), written into the answer by {@code write}. */
  private static <T> AwsReply page(List<T> items, Map<String, String> query, String requestId,
      BiConsumer<ObjectNode, List<T>> write) {
    int max = MAX_RESULTS;
    if (query.containsKey("maxResults")) {
      try {
        max = Integer.parseInt(query.get("maxResults"));
      } catch (NumberFormatException e) {
        max = -1;
      }
      if (max < 1 || max > MAX_RESULTS) {
        return AwsReply.restJsonError(400, "InvalidParameterException", "maxResults must be between 1 and 100", requestId);
      }
    }
    int from = 0;
    if (query.containsKey("nextToken")) {
      try {
        from = Integer.parseInt(new String(Base64.getDecoder().decode(query.get("nextToken")), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return AwsReply.restJsonError(400, "InvalidParameterException", "The nextToken is not valid.", requestId);
      }
    }
    int to = Math.min(items.size(), from + max);
    ObjectNode out = JSON.createObjectNode();
    write.accept(out, items.subList(Math.min(from, items.size()), to));
    if (to < items.size()) {
      out.put("nextToken", Base64.getEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
    } else {
      out.putNull("nextToken");
    }
    return AwsReply.json(200, write(out));
  }

  private Optional<DemoAccount.Cluster> cluster(String name) {
    return account.cluster(name);
  }

  private static AwsReply noCluster(String name, String requestId) {
    return AwsReply.restJsonError(404, "ResourceNotFoundException", "No cluster found for name: " + name + ".", requestId);
  }

  private ObjectNode describe(DemoAccount.Cluster c) {
    ObjectNode out = JSON.createObjectNode();
    out.put("name", c.name()).put("arn", clusterArn(c)).put("createdAt", seconds(c.created())).put("version", c.version());
    Endpoint endpoint = endpoints.get(c.name());
    if (endpoint != null) {
      out.put("endpoint", endpoint.url());
    }
    out.put("roleArn", account.roleArn("eks-cluster-" + c.name()));
    ObjectNode vpc = out.putObject("resourcesVpcConfig");
    vpc.putArray("subnetIds").add("subnet-0a1b2c3d4e5f60718").add("subnet-0b2c3d4e5f6071829").add("subnet-0c3d4e5f607182930");
    vpc.putArray("securityGroupIds");
    vpc.put("clusterSecurityGroupId", "sg-0d4e5f60718293a4b").put("vpcId", "vpc-0e5f60718293a4b5c")
        .put("endpointPublicAccess", false).put("endpointPrivateAccess", true);
    vpc.putArray("publicAccessCidrs");
    out.putObject("kubernetesNetworkConfig").put("serviceIpv4Cidr", "10.100.0.0/16").put("ipFamily", "ipv4");
    ObjectNode logging = out.putObject("logging").putArray("clusterLogging").addObject();
    logging.putArray("types").add("api").add("audit").add("authenticator");
    logging.put("enabled", true);
    out.putObject("identity").putObject("oidc").put("issuer", "https://oidc.eks." + c.region() + ".amazonaws.com/id/" + c.oidcId());
    out.put("status", endpoint == null ? "CREATING" : "ACTIVE");
    if (endpoint != null) {
      out.putObject("certificateAuthority").put("data",
          Base64.getEncoder().encodeToString(endpoint.caPem().getBytes(StandardCharsets.US_ASCII)));
    }
    out.put("platformVersion", c.platformVersion());
    out.putObject("tags").put("environment", c.name().startsWith("prod") ? "production" : "staging");
    out.putObject("accessConfig").put("bootstrapClusterCreatorAdminPermissions", true).put("authenticationMode", c.authenticationMode());
    out.putObject("upgradePolicy").put("supportType", "STANDARD");
    return out;
  }

  private AwsReply list(DemoAccount.Cluster c, Map<String, String> query, String requestId) {
    List<DemoAccount.PodIdentityAssociation> matching = c.podIdentityAssociations().stream()
        .filter(a -> !query.containsKey("namespace") || a.namespace().equals(query.get("namespace")))
        .filter(a -> !query.containsKey("serviceAccount") || a.serviceAccount().equals(query.get("serviceAccount")))
        .toList();
    return page(matching, query, requestId, (out, items) -> {
      ArrayNode associations = out.putArray("associations");
      items.forEach(a -> associations.add(association(c, a, false)));
    });
  }

  /** A summary (list) or the full association (describe), as the API reference shapes each. */
  private ObjectNode association(DemoAccount.Cluster c, DemoAccount.PodIdentityAssociation a, boolean full) {
    ObjectNode out = JSON.createObjectNode();
    out.put("clusterName", c.name()).put("namespace", a.namespace()).put("serviceAccount", a.serviceAccount())
        .put("associationArn", "arn:aws:eks:" + c.region() + ":" + account.accountId() + ":podidentityassociation/" + c.name() + "/" + a.id())
        .put("associationId", a.id());
    if (full) {
      out.put("roleArn", account.roleArn(a.role()));
      out.putObject("tags");
      out.put("createdAt", seconds(a.created())).put("modifiedAt", seconds(a.created())).put("disableSessionTags", false);
    }
    return out;
  }

  private String clusterArn(DemoAccount.Cluster c) {
    return "arn:aws:eks:" + c.region() + ":" + account.accountId() + ":cluster/" + c.name();
  }

  private static double seconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }
}
