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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EKS's REST-JSON API over a {@link DemoAccount}: {@code DescribeCluster},
 * {@code ListPodIdentityAssociations} and {@code DescribePodIdentityAssociation}, with the shapes
 * of the EKS API reference (timestamps as epoch seconds, errors named by {@code x-amzn-ErrorType}).
 * A cluster is {@code ACTIVE} with an endpoint and CA once its apiserver runs ({@link #attach}),
 * {@code CREATING} without them before.
 */
final class EksApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLUSTER = Pattern.compile("^/clusters/([^/]+)$");
  private static final Pattern ASSOCIATIONS = Pattern.compile("^/clusters/([^/]+)/pod-identity-associations$");
  private static final Pattern ASSOCIATION = Pattern.compile("^/clusters/([^/]+)/pod-identity-associations/([^/]+)$");
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
    return AwsReply.restJsonError(404, "UnknownOperationException", "Unknown operation " + method + " " + path, requestId);
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
    out.putObject("accessConfig").put("authenticationMode", "API_AND_CONFIG_MAP");
    out.putObject("upgradePolicy").put("supportType", "STANDARD");
    return out;
  }

  private AwsReply list(DemoAccount.Cluster c, Map<String, String> query, String requestId) {
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
    List<DemoAccount.PodIdentityAssociation> matching = c.podIdentityAssociations().stream()
        .filter(a -> !query.containsKey("namespace") || a.namespace().equals(query.get("namespace")))
        .filter(a -> !query.containsKey("serviceAccount") || a.serviceAccount().equals(query.get("serviceAccount")))
        .toList();
    int from = 0;
    if (query.containsKey("nextToken")) {
      try {
        from = Integer.parseInt(new String(Base64.getDecoder().decode(query.get("nextToken")), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return AwsReply.restJsonError(400, "InvalidParameterException", "The nextToken is not valid.", requestId);
      }
    }
    int to = Math.min(matching.size(), from + max);
    ObjectNode out = JSON.createObjectNode();
    ArrayNode items = out.putArray("associations");
    matching.subList(Math.min(from, matching.size()), to).forEach(a -> items.add(association(c, a, false)));
    if (to < matching.size()) {
      out.put("nextToken", Base64.getEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
    } else {
      out.putNull("nextToken");
    }
    return AwsReply.json(200, write(out));
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
