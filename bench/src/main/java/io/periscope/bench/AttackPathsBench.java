package io.periscope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Attack paths for one group on a cluster with 2,000 RoleBindings, 500 ServiceAccounts (300 with an IRSA role, each
 * its own IAM role), 300 Roles and 500 pods, over HTTP from a real server: cold once (every IAM read), then warm
 * (policies cached, ServiceAccounts watched; the RBAC objects, ServiceAccounts and pods are read as the person on every
 * request, as the product does). Baseline, interleaved with the warm runs: the same six lists read straight from the
 * mock apiserver by a fabric8 client in this JVM — the floor any answer read as the person pays. One JVM: the mock
 * apiserver, the IAM endpoint and the server share the machine.
 *
 * <p>Args: {@code [roleBindings=2000] [serviceAccounts=500] [roles=300] [warmRuns=30]}.
 */
public final class AttackPathsBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
  private static final int NAMESPACES = 20;
  private static final String GROUP = "developers";

  private AttackPathsBench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    int bindings = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int roles = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    int warmRuns = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    int iamRoles = Math.min(300, accounts);

    try (IamStub iam = new IamStub(); MockApiServer apiserver = new MockApiServer()) {
      for (int r = 0; r < iamRoles; r++) {
        iam.role("app-" + r, Map.of("ops", r % 10 == 0 ? allow("[\"iam:PassRole\",\"s3:DeleteBucket\"]", "*")
            : allow("[\"secretsmanager:GetSecretValue\",\"s3:GetObject\"]", "arn:aws:secretsmanager:*:*:secret:app-" + r + "-*")), List.of());
      }
      int ours = seedCluster(apiserver.client(), bindings, accounts, roles, iamRoles);
      System.out.printf("seeded: %d RoleBindings (%d name group %s), %d Roles, %d ServiceAccounts (%d with an IRSA role), %d pods, "
          + "%d namespaces%n", bindings, ours, GROUP, roles, accounts, iamRoles, accounts, NAMESPACES);

      try (var bench = EksBench.start(iam, apiserver)) {
        PeriscopeHarness harness = bench.harness();
        TestBrowser alice = bench.alice();
        KubernetesClient direct = apiserver.newClient();

        long t0 = System.nanoTime();
        JsonNode cold = ask(alice);
        double coldMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf("cold  %8.1f ms  %4d IAM calls; %d nodes, %d edges, %d paths (+%d not listed), complete %s%n", coldMs, iam.calls(),
            cold.get("nodes").size(), cold.get("edges").size(), cold.get("paths").size(), cold.get("pathsOmitted").asInt(),
            cold.get("complete").asBoolean());

        iam.resetCounts();
        List<Double> warm = new ArrayList<>();
        List<Double> floor = new ArrayList<>();
        for (int i = 0; i < warmRuns + 5; i++) {
          long t = System.nanoTime();
          ask(alice);
          double ms = (System.nanoTime() - t) / 1e6;
          t = System.nanoTime();
          readLists(direct);
          double base = (System.nanoTime() - t) / 1e6;
          if (i >= 5) { // the first few warm the JIT
            warm.add(ms);
            floor.add(base);
          }
        }
        double[] w = sorted(warm);
        double[] f = sorted(floor);
        System.out.printf("warm  %d runs: median %.1f ms, p90 %.1f ms, max %.1f ms, %d IAM calls%n", w.length, w[w.length / 2],
            w[(int) Math.floor(w.length * 0.9)], w[w.length - 1], iam.calls());
        System.out.printf("floor (same six lists read directly, interleaved): median %.1f ms, p90 %.1f ms%n", f[f.length / 2],
            f[(int) Math.floor(f.length * 0.9)]);
        System.out.printf("load average: %s; target warm < 1 s: %s%n", Files.readString(Path.of("/proc/loadavg")).trim(),
            w[w.length / 2] < 1000 ? "met (median)" : "NOT met");
      }
    }
  }

  private static double[] sorted(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  private static JsonNode ask(TestBrowser browser) throws Exception {
    var r = browser.get("/api/clusters/prod/attack-paths?group=" + GROUP);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("attack paths answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static void readLists(KubernetesClient k) {
    k.rbac().clusterRoles().list();
    k.rbac().clusterRoleBindings().list();
    k.rbac().roles().inAnyNamespace().list();
    k.rbac().roleBindings().inAnyNamespace().list();
    k.serviceAccounts().inAnyNamespace().list();
    k.pods().inAnyNamespace().list();
  }

  /**
   * Roles cycle through rule sets: create pods, exec, create deployments, read Secrets, ServiceAccount tokens and
   * read-only ones; every 19th RoleBinding names the group (so it lands in every namespace) (the others name one of 50 other groups). Returns how many
   * name the group.
   */
  private static int seedCluster(KubernetesClient k, int bindings, int accounts, int roles, int iamRoles) {
    for (int n = 0; n < NAMESPACES; n++) {
      k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns-" + n).endMetadata().build()).create();
    }
    for (int a = 0; a < accounts; a++) {
      String ns = "ns-" + (a % NAMESPACES);
      var sa = new ServiceAccountBuilder().withNewMetadata().withName("sa-" + a).withNamespace(ns).endMetadata();
      if (a < iamRoles) {
        sa.editMetadata().addToAnnotations("eks.amazonaws.com/role-arn", IamStub.roleArn("app-" + a)).endMetadata();
      }
      k.serviceAccounts().inNamespace(ns).resource(sa.build()).create();
      k.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("pod-" + a).withNamespace(ns).endMetadata()
          .withNewSpec().withServiceAccountName("sa-" + a).addNewContainer().withName("app").withImage("app:1").endContainer().endSpec()
          .build()).create();
    }
    List<PolicyRule[]> ruleSets = List.of(
        new PolicyRule[] {rule("", "pods", "create", "get", "list")},
        new PolicyRule[] {rule("", "pods/exec", "create"), rule("", "pods", "get", "list")},
        new PolicyRule[] {rule("apps", "deployments", "create", "get", "list", "update")},
        new PolicyRule[] {rule("", "secrets", "get")},
        new PolicyRule[] {rule("", "serviceaccounts/token", "create")},
        new PolicyRule[] {rule("", "configmaps", "get", "list", "watch"), rule("", "services", "get", "list")},
        new PolicyRule[] {rule("", "pods", "get", "list", "watch"), rule("", "pods/log", "get")});
    for (int r = 0; r < roles; r++) {
      String ns = "ns-" + (r % NAMESPACES);
      k.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName("role-" + r).withNamespace(ns).endMetadata()
          .withRules(ruleSets.get(r % ruleSets.size())).build()).create();
    }
    k.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("view-lite").endMetadata()
        .withRules(rule("", "pods", "get", "list")).build()).create();
    int ours = 0;
    int rolesPerNamespace = Math.max(1, roles / NAMESPACES);
    for (int b = 0; b < bindings; b++) {
      int n = b % NAMESPACES;
      String ns = "ns-" + n;
      // role-r lives in ns-(r % NAMESPACES): pick one of this namespace's roles.
      int r = n + NAMESPACES * ((b / NAMESPACES) % rolesPerNamespace);
      boolean group = b % 19 == 0; // 19, not 20: spread over every namespace
      ours += group ? 1 : 0;
      var rb = new RoleBindingBuilder().withNewMetadata().withName("rb-" + b).withNamespace(ns).endMetadata();
      (b % 25 == 7 ? rb.withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view-lite")
          : rb.withNewRoleRef("rbac.authorization.k8s.io", "Role", "role-" + r))
          .addNewSubject().withKind("Group").withName(group ? GROUP : "team-" + (b % 50)).withApiGroup("rbac.authorization.k8s.io").endSubject()
          .addNewSubject().withKind("User").withName("user-" + b).withApiGroup("rbac.authorization.k8s.io").endSubject();
      k.rbac().roleBindings().inNamespace(ns).resource(rb.build()).create();
    }
    return ours;
  }

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
  }

  private static String allow(String actions, String resource) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions + ",\"Resource\":\"" + resource + "\"}]}";
  }
}
