package io.periscope.demo.cluster;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A pod stuck terminating on a lost node, as a cluster that lost one shows it. The apiserver only marks a pod for
 * deletion ({@code deletionTimestamp}); its kubelet stops the containers and confirms, and only then is the pod gone
 * ({@link PodDeletion}). On a NotReady node none answers: a pod deleted there stays terminating until someone deletes it
 * with a grace period of 0 ({@code kubectl delete --force}). Its ReplicaSet replaced it at once (a terminating pod no
 * longer counts); a StatefulSet waits for the name to be free. The showcase cluster starts with one such pod of
 * {@code checkout-web}.
 */
final class PodsOnLostNodes {
  static final Pattern PATH = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)$");

  private PodsOnLostNodes() {}

  /** A pod of {@code app} on {@code lost}, deleted {@code minutesAgo} and still there: a copy of one of its running pods. */
  static void seedStuckPod(StoreWriter store, String namespace, String runningPod, DemoEstate.Node lost, Instant now, long minutesAgo) {
    var pod = store.read("/api/v1/namespaces/" + namespace + "/pods/" + runningPod, io.fabric8.kubernetes.api.model.Pod.class);
    var meta = pod.getMetadata();
    meta.setName(runningPod.substring(0, runningPod.lastIndexOf('-') + 1) + Workloads.suffix(runningPod, 7));
    meta.setUid(null);
    meta.setResourceVersion(null);
    pod.getSpec().setNodeName(lost.name());
    var status = pod.getStatus();
    status.setHostIP(lost.ip());
    status.setPodIP(lost.ip().substring(0, lost.ip().lastIndexOf('.') + 1) + "77");
    // The node controller marked it not ready when the node stopped reporting; the container state is the kubelet's last word.
    status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).forEach(c -> {
      c.setStatus("False");
      c.setReason("NodeNotReady");
    });
    status.getContainerStatuses().forEach(c -> c.setReady(false));
    store.create(pod);
    // Deleted minutesAgo with the default 30 s of grace: the apiserver's deletionTimestamp is when that grace ran out.
    store.markForDeletion("/api/v1/namespaces/" + namespace + "/pods/" + meta.getName(), now.minusSeconds(minutesAgo * 60).plusSeconds(30), 30);
  }
}
