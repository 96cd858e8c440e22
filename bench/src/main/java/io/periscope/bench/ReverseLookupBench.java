package io.periscope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.audit.AuditEvent;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse lookup over 2,000 pods / 300 roles / 1,500 policy documents, cold (every IAM call made,
 * against a local IAM endpoint speaking the API reference's query/XML shapes — {@link IamStub})
 * and warm (policies cached, the ServiceAccount index watched). Prints the IAM calls made and
 * the times. One JVM: the mock apiserver, the IAM endpoint and the server share the machine.
 *
 * <p>Args: {@code [pods=2000] [roles=300] [warmRuns=30] [awsLatencyMs=0]}.
 */
public final class ReverseLookupBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Held so the level sticks: the mock apiserver logs every request at INFO, which would be most of the seeding time. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
  private static final String[] ACTIONS = {"s3:DeleteBucket", "iam:PassRole", "secretsmanager:GetSecretValue", "kms:Decrypt",
      "ec2:TerminateInstances", "sts:AssumeRole", "dynamodb:Scan", "sqs:SendMessage"};

  private ReverseLookupBench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host"); // as surefire sets for the test IdP facade
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int roles = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int warmRuns = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int latencyMs = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    int namespaces = 20;

    try (IamStub iam = new IamStub(); MockApiServer apiserver = new MockApiServer()) {
      int documents = seedIam(iam, roles);
      iam.latency(Duration.ofMillis(latencyMs));
      seedCluster(apiserver.client(), pods, roles, namespaces);
      System.out.printf("seeded: %d pods in %d namespaces, %d ServiceAccounts with IRSA roles, %d roles, %d policy documents "
          + "(%d inline, %d managed), IAM latency %d ms%n", pods, namespaces, roles, roles, documents, roles * 3, documents - roles * 3, latencyMs);

      try (var bench = EksBench.start(iam, apiserver)) {
        PeriscopeHarness harness = bench.harness();
        TestBrowser alice = bench.alice();

        iam.resetCounts();
        long t0 = System.nanoTime();
        JsonNode cold = lookup(alice, ACTIONS[0]);
        double coldMs = (System.nanoTime() - t0) / 1e6;
        int coldCalls = iam.calls();
        System.out.printf("cold  %-30s %8.1f ms  %5d IAM calls (%s), max %d in flight, %d matches, %d pods listed, %d roles checked%n",
            ACTIONS[0], coldMs, coldCalls, perAction(iam), iam.maxInFlight(), cold.get("matches").size(), cold.get("podsListed").asInt(),
            cold.get("rolesChecked").asInt());

        iam.resetCounts();
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < warmRuns + 5; i++) {
          String action = ACTIONS[i % ACTIONS.length];
          long t = System.nanoTime();
          lookup(alice, action);
          if (i >= 5) { // the first few warm the JIT
            warm.add((System.nanoTime() - t) / 1e6);
          }
        }
        double[] sorted = warm.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("warm  %d lookups over %d actions: median %.1f ms, p90 %.1f ms, max %.1f ms, %d IAM calls%n", sorted.length,
            ACTIONS.length, sorted[sorted.length / 2], sorted[(int) Math.floor(sorted.length * 0.9)], sorted[sorted.length - 1], iam.calls());
        long rows = harness.audit.events().stream().map(AuditEvent::verb).count();
        System.out.printf("audit rows written: %d; target warm < 200 ms: %s%n", rows, sorted[sorted.length / 2] < 200 ? "met" : "NOT met");
      }
    }
  }

  private static JsonNode lookup(TestBrowser browser, String action) throws Exception {
    var r = browser.get("/api/clusters/prod/aws/reverse-lookup?action=" + action);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("reverse lookup answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static String perAction(IamStub iam) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String a : List.of("iam:GetRole", "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:GetPolicy",
        "iam:GetPolicyVersion")) {
      counts.put(a.substring(4), iam.calls(a));
    }
    return counts.toString();
  }

  /**
   * 300 roles, each with 3 inline policies and 2 managed policies of its own (600 managed), plus
   * AWS-managed ones shared by many roles: 1,500 distinct documents besides the shared ones.
   */
  private static int seedIam(IamStub iam, int roles) {
    List<String> shared = List.of("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonS3FullAccess",
        "arn:aws:iam::aws:policy/AdministratorAccess");
    iam.managedPolicy(shared.get(0), allow(List.of("s3:Get*", "s3:List*", "ec2:Describe*", "iam:Get*", "iam:List*"), "*"));
    iam.managedPolicy(shared.get(1), allow(List.of("s3:*"), "*"));
    iam.managedPolicy(shared.get(2), allow(List.of("*"), "*"));
    int documents = 0;
    for (int r = 0; r < roles; r++) {
      String name = "app-" + r;
      Map<String, String> inline = new LinkedHashMap<>();
      inline.put("data", allow(List.of("s3:GetObject", "s3:PutObject", "dynamodb:Query"), "arn:aws:s3:::bucket-" + r + "/*"));
      inline.put("queue", allow(List.of("sqs:SendMessage", "sqs:ReceiveMessage"), "arn:aws:sqs:eu-west-1:123456789012:q-" + r));
      inline.put("ops", r % 10 == 0 ? allow(List.of("s3:DeleteBucket", "iam:PassRole"), "*")
          : r % 7 == 0 ? conditional("kms:Decrypt") : allow(List.of("logs:PutLogEvents"), "*"));
      List<String> attached = new ArrayList<>();
      for (int m = 0; m < 2; m++) {
        String arn = IamStub.policyArn("app-" + r + "-managed-" + m);
        iam.managedPolicy(arn, allow(List.of("secretsmanager:GetSecretValue", "ssm:GetParameter"), "arn:aws:secretsmanager:*:*:secret:app-" + r + "-*"));
        attached.add(arn);
      }
      attached.add(shared.get(r % 25 == 0 ? 2 : r % 2));
      iam.role(name, inline, attached);
      documents += inline.size() + 2;
    }
    return documents;
  }

  private static void seedCluster(KubernetesClient k, int pods, int roles, int namespaces) {
    for (int r = 0; r < roles; r++) {
      String ns = "ns-" + (r % namespaces);
      k.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata().withName("sa-" + r).withNamespace(ns)
          .addToAnnotations("eks.amazonaws.com/role-arn", IamStub.roleArn("app-" + r)).endMetadata().build()).create();
    }
    for (int p = 0; p < pods; p++) {
      int r = p % roles;
      String ns = "ns-" + (r % namespaces);
      k.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("pod-" + p).withNamespace(ns).endMetadata()
          .withNewSpec().withServiceAccountName("sa-" + r).addNewContainer().withName("app").withImage("app:1").endContainer().endSpec()
          .build()).create();
    }
  }

  private static String allow(List<String> actions, String resource) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + json(actions) + ",\"Resource\":\"" + resource + "\"}]}";
  }

  private static String conditional(String action) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
        + "\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/team\":\"payments\"}}}]}";
  }

  private static String json(List<String> items) {
    return Arrays.toString(items.stream().map(s -> "\"" + s + "\"").toArray());
  }
}
