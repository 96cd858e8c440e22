package io.periscope.demo.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.periscope.demo.aws.ImageDigests;
import io.periscope.demo.cluster.DemoEstate.Node;
import io.periscope.demo.cluster.DemoEstate.NodeAgent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Seeds an estate's DaemonSets and their pods, one on every node as the DaemonSet controller places
 * them (a NotReady node's pod included, no longer ready, as the node controller marks it), on the
 * host's network as the VPC CNI and kube-proxy run (the CNI's with its init container done and its network policy
 * agent beside it). A drain leaves them where they are.
 */
final class NodeAgents {
  private static final String REVISION = "6d8f9c7b54";
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeAgents() {}

  /**
   * The DaemonSet's ControllerRevisions, as its controller keeps them: the current template (the
   * pods' {@code controller-revision-hash}) and the two add-on releases before it, each the template
   * as the strategic merge patch {@code kubectl rollout undo} sends back.
   */
  private static void revisions(StoreWriter store, NodeAgent agent, DaemonSet ds, Instant created) {
    JsonNode template;
    try {
      // As the store holds it, so that the current revision's template equals the DaemonSet's.
      template = JSON.readTree(Serialization.asJson(ds.getSpec().getTemplate()));
    } catch (IOException e) {
      throw new IllegalStateException("seeding: a DaemonSet template that is no JSON", e);
    }
    for (int back = 2; back >= 0; back--) {
      String image = back == 0 ? agent.image() : Workloads.earlierImage(agent.image(), back);
      if (image == null) {
        continue;
      }
      ObjectNode t = template.deepCopy();
      ((ObjectNode) t.path("spec").path("containers").get(0)).put("image", image);
      var data = JSON.createObjectNode();
      data.putObject("spec").set("template", JSON.createObjectNode().put("$patch", "replace").setAll(t));
      String hash = back == 0 ? REVISION : String.format("%08x", (agent.name() + back).hashCode() * 31);
      store.create(new ControllerRevisionBuilder()
          .withMetadata(Workloads.meta(agent.namespace(), agent.name() + "-" + hash, Map.of("k8s-app", agent.name(), "controller-revision-hash", hash),
              created.plusSeconds(86_400L * (20 - 8 * back))))
          .editMetadata().withOwnerReferences(Workloads.ownerOf(ds)).endMetadata()
          .withRevision(3L - back).withData(JSON.convertValue(data, Map.class)).build());
    }
  }

  private static io.fabric8.kubernetes.api.model.Container container(DemoEstate.Helper helper) {
    return new io.fabric8.kubernetes.api.model.ContainerBuilder().withName(helper.name()).withImage(helper.image()).build();
  }

  static void create(StoreWriter store, NodeAgent agent, List<Node> nodes, Instant now) {
    Map<String, String> labels = Map.of("k8s-app", agent.name());
    Instant created = now.minusSeconds(86_400 * 60);
    long ready = nodes.stream().filter(Node::ready).count();
    DaemonSet ds = store.create(new DaemonSetBuilder()
        .withMetadata(Workloads.meta(agent.namespace(), agent.name(), labels, created))
        .editMetadata().addToAnnotations("deprecated.daemonset.template.generation", "1").endMetadata()
        .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector()
        .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().withHostNetwork(true)
        .withPriorityClassName("system-node-critical").withServiceAccountName(agent.name())
        .addNewContainer().withName(agent.name()).withImage(agent.image()).withNewResources()
        .addToRequests("cpu", new Quantity(agent.cpu())).endResources().endContainer()
        .withInitContainers(agent.init() == null ? List.of() : List.of(container(agent.init())))
        .addAllToContainers(agent.sidecar() == null ? List.of() : List.of(container(agent.sidecar())))
        .addNewToleration().withOperator("Exists").endToleration().endSpec().endTemplate()
        .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy().endSpec()
        .withNewStatus().withDesiredNumberScheduled(nodes.size()).withCurrentNumberScheduled(nodes.size())
        .withUpdatedNumberScheduled(nodes.size()).withNumberReady((int) ready).withNumberAvailable((int) ready)
        .withNumberUnavailable(nodes.size() - (int) ready).withNumberMisscheduled(0).withObservedGeneration(1L).endStatus()
        .build());
    revisions(store, agent, ds, created);
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      Instant started = created.plusSeconds(600L * (i + 1));
      var podLabels = new java.util.HashMap<>(labels);
      podLabels.put("controller-revision-hash", REVISION);
      podLabels.put("pod-template-generation", "1");
      store.create(new PodBuilder()
          .withMetadata(Workloads.meta(agent.namespace(), agent.name() + "-" + Workloads.suffix(agent.name() + node.name(), i), podLabels, started))
          .editMetadata().withOwnerReferences(Workloads.ownerOf(ds)).endMetadata()
          .withSpec(ds.getSpec().getTemplate().getSpec()).editSpec().withNodeName(node.name()).endSpec()
          .withNewStatus().withPhase("Running").withQosClass("Burstable").withHostIP(node.ip()).withPodIP(node.ip())
          .withStartTime(started.toString())
          .addNewCondition().withType("Ready").withStatus(node.ready() ? "True" : "False").endCondition()
          .addToContainerStatuses(new ContainerStatusBuilder().withName(agent.name()).withImage(agent.image())
              .withImageID(ImageDigests.imageId(agent.image())).withReady(node.ready()).withStarted(true).withRestartCount(0)
              .withNewState().withNewRunning().withStartedAt(started.plusSeconds(4).toString()).endRunning().endState().build())
          .addAllToContainerStatuses(agent.sidecar() == null ? List.of() : List.of(new ContainerStatusBuilder().withName(agent.sidecar().name())
              .withImage(agent.sidecar().image()).withImageID(ImageDigests.imageId(agent.sidecar().image())).withReady(node.ready())
              .withStarted(true).withRestartCount(0)
              .withNewState().withNewRunning().withStartedAt(started.plusSeconds(4).toString()).endRunning().endState().build()))
          // The init container ran to completion before the others started.
          .withInitContainerStatuses(agent.init() == null ? List.of() : List.of(new ContainerStatusBuilder().withName(agent.init().name())
              .withImage(agent.init().image()).withImageID(ImageDigests.imageId(agent.init().image())).withReady(true).withRestartCount(0)
              .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").withStartedAt(started.plusSeconds(1).toString())
              .withFinishedAt(started.plusSeconds(3).toString()).endTerminated().endState().build()))
          .endStatus().build());
    }
  }
}
