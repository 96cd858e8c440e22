package io.periscope.drain;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.periscope.authz.Principal;
import io.periscope.json.Json;
import io.periscope.k8s.Apiserver;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.k8s.NodeWithPods;
import io.periscope.problem.KubernetesErrors;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a node, its pods and the cluster's PodDisruptionBudgets as the person and plans their drain
 * ({@link DrainPlan}). Budgets the person may not read leave the plan without them, and it says so.
 */
public final class NodeDrainPlans {
  private static final String BUDGETS = "/apis/policy/v1/poddisruptionbudgets";

  private final NodeWithPods nodes;
  private final ImpersonatingClients clients;
  private final Apiserver apiserver;

  public NodeDrainPlans(NodeWithPods nodes, ImpersonatingClients clients, Apiserver apiserver) {
    this.nodes = nodes;
    this.clients = clients;
    this.apiserver = apiserver;
  }

  /** {@code node} is a node name (checked at the HTTP edge, {@code http.ObjectNamesInPaths}). */
  public DrainPlan of(Principal who, String cluster, String node) {
    DisruptionBudgets budgets;
    String problem = null;
    try {
      budgets = DisruptionBudgets.of(Json.mapper().readTree(apiserver.text(cluster, clients.forUser(cluster, who),
          Apiserver.Call.get(BUDGETS, Map.of()))));
    } catch (KubernetesClientException e) {
      budgets = DisruptionBudgets.none();
      problem = "PodDisruptionBudgets could not be read: " + KubernetesErrors.message(e);
    } catch (IOException e) {
      budgets = DisruptionBudgets.none();
      problem = "PodDisruptionBudgets could not be read: " + e.getMessage();
    }
    DisruptionBudgets known = budgets;
    String why = problem;
    return nodes.read(who, cluster, node, (nodeObject, pods) -> DrainPlan.of(node, nodeObject, pods, known, why));
  }
}
