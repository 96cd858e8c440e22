package io.periscope.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.periscope.agent.link.Agent;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.TestEpoch;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Cluster identity on the wire: real agents, each in its own mock Kubernetes cluster with its own
 * kube-system Namespace UID, dial a real Periscope server (HTTP API with CSRF, tunnel port, audit).
 * The first agent binds the cluster name; an agent of the same cluster (a replica) is admitted; an
 * agent of the same name in another cluster is refused, audited and shown until an admin re-binds;
 * an agent that sends no identity is admitted and shown unverified while the name is unbound and refused once it is
 * bound, until it reads one; deregistering forgets the binding.
 */
@Tag(TestEpoch.WALL_CLOCK_TAG)
class AgentClusterIdentityEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;
  private EdgeAgentCluster edge;
  private final List<AutoCloseable> open = new ArrayList<>();
  private int agents;

  @BeforeEach
  void start() throws Exception {
    edge = new EdgeAgentCluster(dir, null);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
    edge.close();
  }

  /** A Kubernetes cluster of its own: a mock apiserver whose kube-system Namespace has its own UID. */
  private record Cluster(URI url, String uid) {}

  private Cluster cluster() {
    MockApiServer apiserver = track(new MockApiServer());
    apiserver.serveDiscovery();
    String uid = apiserver.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system")
        .withUid(java.util.UUID.randomUUID().toString()).endMetadata().build()).create().getMetadata().getUid();
    assertThat(uid).isNotBlank();
    return new Cluster(URI.create(apiserver.client().getConfiguration().getMasterUrl()), uid);
  }

  /** A cluster whose apiserver refuses the agent's read of kube-system, as without the chart's grant. */
  private URI clusterWithoutTheGrant() {
    MockApiServer apiserver = track(new MockApiServer());
    apiserver.serveDiscovery();
    apiserver.answer("GET", "/api/v1/namespaces/kube-system", r -> MockApiServer.forbidden(
        "namespaces \"kube-system\" is forbidden: User \"system:serviceaccount:periscope-agent:agent\" cannot get resource"
            + " \"namespaces\" in API group \"\" in the namespace \"kube-system\""));
    return URI.create(apiserver.client().getConfiguration().getMasterUrl());
  }

  /** A new agent registered with a fresh token, in {@code cluster}; not waited for. */
  private Agent agentIn(URI cluster) throws Exception {
    return track(edge.launchAgent(cluster, Optional.of(edge.mintToken()), dir.resolve("agent-" + agents++)));
  }

  private Agent connectedAgentIn(URI cluster) throws Exception {
    Agent a = agentIn(cluster);
    assertThat(a.awaitConnected(WAIT)).as(a.lastError()).isTrue();
    return a;
  }

  private <T extends AutoCloseable> T track(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private List<AuditEvent> audited(Verb verb) {
    return edge.harness.audit.events().stream().filter(e -> e.verb() == verb).toList();
  }

  @Test
  void theFirstAgentBindsTheNameAndAReplicaInTheSameClusterIsAdmitted() throws Exception {
    Cluster a = cluster();

    Agent first = connectedAgentIn(a.url());

    assertThat(first.clusterUid()).isEqualTo(a.uid());
    JsonNode identity = edge.agentIdentity();
    assertThat(identity.get("boundUid").asText()).isEqualTo(a.uid());
    assertThat(identity.get("live").asText()).isEqualTo("verified");
    assertThat(identity.get("conflict").isNull()).isTrue();
    assertThat(audited(Verb.AGENT_IDENTITY_BIND)).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
      assertThat(e.actor().sub()).isEqualTo("periscope-agent:" + EdgeAgentCluster.NAME);
      assertThat(e.extra()).containsEntry("presentedUid", a.uid());
    });

    Agent replica = connectedAgentIn(a.url());

    assertThat(first.connected()).as("the replica does not push the first one out").isTrue();
    assertThat(replica.lastRefusal()).isEmpty();
    assertThat(edge.agentIdentity().get("boundUid").asText()).isEqualTo(a.uid());
    assertThat(audited(Verb.AGENT_IDENTITY_BIND)).as("a matching identity is no news").hasSize(1);
  }

  @Test
  void anAgentInAnotherClusterIsRefusedAuditedAndShownUntilAnAdminRebinds() throws Exception {
    Cluster a = cluster();
    Cluster b = cluster();
    Agent right = connectedAgentIn(a.url());

    Agent wrong = agentIn(b.url());

    await().atMost(WAIT).until(() -> !wrong.lastRefusal().isEmpty());
    assertThat(wrong.connected()).isFalse();
    assertThat(wrong.lastRefusal()).contains("PERMISSION_DENIED", "this certificate is for cluster " + EdgeAgentCluster.NAME
        + ", bound to kube-system UID " + a.uid() + "; this agent runs in a cluster with UID " + b.uid()
        + ": the token was used in the wrong cluster, or the cluster was rebuilt; an administrator can re-bind it");
    assertThat(right.connected()).as("the bound cluster's agent keeps serving").isTrue();
    assertThat(edge.agentState()).isEqualTo("connected");
    JsonNode seen = edge.agentIdentity();
    assertThat(seen.get("boundUid").asText()).isEqualTo(a.uid());
    assertThat(seen.at("/conflict/uid").asText()).isEqualTo(b.uid());
    assertThat(seen.at("/conflict/lastSeenAt").asText()).isNotBlank();
    Instant firstSeen = Instant.parse(seen.at("/conflict/firstSeenAt").asText());
    // The refused agent retries with back-off: one audit row for this conflict, not one per attempt.
    await().atMost(WAIT).until(() -> Instant.parse(edge.agentIdentity().at("/conflict/lastSeenAt").asText()).isAfter(firstSeen));
    assertThat(Instant.parse(edge.agentIdentity().at("/conflict/firstSeenAt").asText())).isEqualTo(firstSeen);
    List<AuditEvent> refusals = audited(Verb.AGENT_IDENTITY_BIND).stream().filter(e -> e.outcome() == Outcome.DENIED).toList();
    assertThat(refusals).singleElement().satisfies(e -> {
      assertThat(e.reason()).contains("bound to kube-system UID " + a.uid(), "runs in a cluster with UID " + b.uid());
      assertThat(e.extra()).containsEntry("boundUid", a.uid()).containsEntry("presentedUid", b.uid());
    });

    String path = "/api/agents/" + EdgeAgentCluster.NAME + "/identity/rebind";
    String body = "{\"uid\":\"" + b.uid() + "\"}";
    assertThat(edge.admin.post(path, body, Map.of("Content-Type", "application/json")).statusCode())
        .as("no CSRF token: refused like every mutation").isEqualTo(403);
    assertThat(edge.alice.mutate("POST", path, body).statusCode()).as("not an agent administrator").isEqualTo(403);
    assertThat(edge.admin.mutate("POST", path, "{\"uid\":\"not a uid!\"}").statusCode()).isEqualTo(400);
    assertThat(wrong.connected()).isFalse();

    HttpResponse<String> rebound = edge.admin.mutate("POST", path, body);

    assertThat(rebound.statusCode()).as(rebound.body()).isEqualTo(200);
    assertThat(rebound.body()).contains("\"uid\":\"" + b.uid() + "\"", "\"previousUid\":\"" + a.uid() + "\"");
    assertThat(wrong.awaitConnected(WAIT)).as("the re-bound cluster's agent gets in: " + wrong.lastError()).isTrue();
    // The formerly bound cluster's agent is dropped, and refused when it reconnects: the roles have swapped.
    await().atMost(WAIT).until(() -> !right.connected() && right.lastRefusal().contains("bound to kube-system UID " + b.uid()
        + "; this agent runs in a cluster with UID " + a.uid()));
    JsonNode identity = edge.agentIdentity();
    assertThat(identity.get("boundUid").asText()).isEqualTo(b.uid());
    assertThat(identity.at("/conflict/uid").asText()).as("the conflict now names the formerly bound cluster, whose agent still tries")
        .isEqualTo(a.uid());
    assertThat(audited(Verb.AGENT_IDENTITY_BIND)).filteredOn(e -> e.outcome() == Outcome.DENIED).extracting(e -> e.target().name())
        .containsExactly(b.uid(), a.uid());
    assertThat(audited(Verb.AGENT_IDENTITY_REBIND)).extracting(AuditEvent::outcome)
        .as("the CSRF refusal never reached the route; the non-admin's is audited; the bad UID is input (400, no row)")
        .containsExactly(Outcome.DENIED, Outcome.SUCCESS);
    assertThat(audited(Verb.AGENT_IDENTITY_REBIND).getLast()).satisfies(e -> {
      assertThat(e.actor().sub()).isEqualTo("root");
      assertThat(e.target().name()).isEqualTo(b.uid());
      assertThat(e.extra()).containsEntry("previousUid", a.uid());
    });
  }

  @Test
  void anAgentThatSendsNoIdentityIsAdmittedAndShownUnverified() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger("io.periscope.agent.link.ClusterUid");
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      // Without the grant the agent's Hello carries no identity: on the wire the same as an agent of an earlier release.
      Agent unverified = connectedAgentIn(clusterWithoutTheGrant());

      assertThat(unverified.clusterUid()).isEmpty();
      assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
          .contains("cannot read this cluster's identity (the UID of Namespace kube-system)", "HTTP 403",
              "may not get Namespace kube-system", "it needs get on namespaces with resourceNames [kube-system]",
              "Connecting without it", "unverified"));
    } finally {
      logger.detachAppender(logs);
    }
    JsonNode identity = edge.agentIdentity();
    assertThat(identity.get("live").asText()).isEqualTo("unverified");
    assertThat(identity.get("boundUid").isNull()).as("nothing to bind").isTrue();
    assertThat(audited(Verb.AGENT_IDENTITY_BIND)).isEmpty();

    Cluster a = cluster();
    connectedAgentIn(a.url());
    identity = edge.agentIdentity();
    assertThat(identity.get("boundUid").asText()).as("the first agent that sends one binds the name").isEqualTo(a.uid());
    // Bound now: the unverified agent could be running anywhere, so its tunnel is dropped and it is refused until it shows one.
    await().atMost(WAIT).until(() -> edge.agentIdentity().get("live").asText().equals("verified"));
  }

  @Test
  void onceTheNameIsBoundAnAgentWithoutIdentityIsRefusedUntilItCanReadOne() throws Exception {
    Cluster a = cluster();
    Agent verified = connectedAgentIn(a.url());
    // The same cluster (its UID), read by an agent whose ServiceAccount may not read kube-system yet.
    java.util.concurrent.atomic.AtomicBoolean granted = new java.util.concurrent.atomic.AtomicBoolean();
    MockApiServer apiserver = track(new MockApiServer());
    apiserver.serveDiscovery();
    apiserver.answer("GET", "/api/v1/namespaces/kube-system", r -> granted.get()
        ? new io.fabric8.mockwebserver.http.MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
            .setBody("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"kube-system\",\"uid\":\"" + a.uid() + "\"}}")
        : MockApiServer.forbidden("namespaces \"kube-system\" is forbidden"));

    Agent withoutGrant = agentIn(URI.create(apiserver.client().getConfiguration().getMasterUrl()));

    await().atMost(WAIT).until(() -> withoutGrant.lastRefusal().contains("identity_missing"));
    assertThat(withoutGrant.connected()).isFalse();
    assertThat(withoutGrant.lastRefusal()).contains("is bound to kube-system UID " + a.uid(), "sent no cluster identity",
        "resourceNames [kube-system]");
    assertThat(audited(Verb.AGENT_IDENTITY_BIND)).as("no conflict was recorded: nothing says it runs elsewhere").hasSize(1);
    assertThat(edge.agentIdentity().get("conflict").isNull()).isTrue();
    // With the verified agent gone, the refused one's reason is the cluster's state: missing, not another cluster.
    verified.close();
    await().atMost(WAIT).until(() -> edge.agentState().equals("agent_identity_missing"));
    assertThat(edge.agentReason()).contains("sent no cluster identity");

    granted.set(true);

    assertThat(withoutGrant.awaitConnected(WAIT)).as("it reads the UID again before its next attempt").isTrue();
    assertThat(withoutGrant.clusterUid()).isEqualTo(a.uid());
  }

  @Test
  void deregisteringForgetsTheBindingSoTheNextClusterBindsAfresh() throws Exception {
    Cluster a = cluster();
    Cluster b = cluster();
    Agent first = connectedAgentIn(a.url());

    assertThat(edge.admin.mutate("DELETE", "/api/agents/" + EdgeAgentCluster.NAME, "").statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> !first.connected());
    assertThat(edge.agentIdentity().get("boundUid").isNull()).isTrue();

    connectedAgentIn(b.url());
    assertThat(edge.agentIdentity().get("boundUid").asText()).isEqualTo(b.uid());
  }
}
