package io.periscope.demo.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EC2's query API, only {@code DescribeInstances} of the production cluster's nodes: each a
 * running instance tagged by what launched it, Karpenter ({@code karpenter.sh/nodepool},
 * {@code karpenter.sh/nodeclaim}) or else the EKS managed node group {@code general}
 * ({@code eks:nodegroup-name}), and {@code eks:cluster-name}. Filters by {@code instance-id} (or
 * {@code InstanceId.N}) as AWS does: ids it does not know are left out of a filter and refused
 * by {@code InstanceId.N}. Errors in EC2's own XML shape ({@code Response/Errors/Error}).
 */
final class Ec2Api {
  static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private final String accountId;
  private final Map<String, Map<String, String>> instances = new LinkedHashMap<>();

  /** @param launchedBy the tags of the instances Karpenter launched, by instance id; the others are the node group's */
  Ec2Api(String accountId, String cluster, List<String> instanceIds, Map<String, Map<String, String>> launchedBy) {
    this.accountId = accountId;
    for (String id : instanceIds) {
      Map<String, String> tags = new LinkedHashMap<>(launchedBy.getOrDefault(id, Map.of("eks:nodegroup-name", "general")));
      tags.put("eks:cluster-name", cluster);
      tags.put("kubernetes.io/cluster/" + cluster, "owned");
      instances.put(id, Map.copyOf(tags));
    }
  }

  static AwsReply error(int status, String code, String message, String requestId) {
    return AwsReply.xml(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + AwsReply.escape(code)
        + "</Code><Message>" + AwsReply.escape(message) + "</Message></Error></Errors><RequestID>" + requestId + "</RequestID></Response>\n");
  }

  AwsReply handle(Map<String, String> params, String requestId) {
    if (!"DescribeInstances".equals(params.get("Action"))) {
      return error(400, "InvalidAction", "this demo account's EC2 serves DescribeInstances only", requestId);
    }
    List<String> wanted = new ArrayList<>(instances.keySet());
    List<String> byId = numbered(params, "InstanceId.");
    if (!byId.isEmpty()) {
      for (String id : byId) {
        if (!instances.containsKey(id)) {
          return error(400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist", requestId);
        }
      }
      wanted = byId;
    }
    for (int f = 1; params.containsKey("Filter." + f + ".Name"); f++) {
      String name = params.get("Filter." + f + ".Name");
      if (!name.equals("instance-id")) {
        return error(400, "InvalidParameterValue", "this demo account's EC2 filters by instance-id only, not " + name, requestId);
      }
      List<String> values = numbered(params, "Filter." + f + ".Value.");
      wanted = wanted.stream().filter(values::contains).toList();
    }
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstancesResponse xmlns=\"" + NAMESPACE
        + "\">\n<requestId>" + requestId + "</requestId>\n<reservationSet>\n");
    for (String id : wanted) {
      xml.append("<item><reservationId>r-").append(id.substring(2)).append("</reservationId><ownerId>").append(accountId)
          .append("</ownerId><groupSet/><instancesSet><item><instanceId>").append(id)
          .append("</instanceId><instanceState><code>16</code><name>running</name></instanceState><instanceType>m6i.large</instanceType>")
          .append("<tagSet>");
      instances.get(id).forEach((k, v) -> xml.append("<item><key>").append(AwsReply.escape(k)).append("</key><value>")
          .append(AwsReply.escape(v)).append("</value></item>"));
      xml.append("</tagSet></item></instancesSet></item>\n");
    }
    return AwsReply.xml(200, xml.append("</reservationSet>\n</DescribeInstancesResponse>\n").toString());
  }

  /** {@code prefix1}, {@code prefix2}, ... until one is missing. */
  private static List<String> numbered(Map<String, String> params, String prefix) {
    List<String> out = new ArrayList<>();
    for (int i = 1; params.containsKey(prefix + i); i++) {
      out.add(params.get(prefix + i));
    }
    return out;
  }
}
