package io.periscope.aws.access;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.problem.Problem;
import io.periscope.testkit.InterruptedCall;
import io.periscope.testkit.RecordingAuditRecorder;
import io.periscope.testkit.TestEpoch;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Reading a cluster's access entries when the reading thread is interrupted (a server shutting down). */
class AccessEntriesTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/";
  /** EKS answers each DescribeAccessEntry after this long: the reader is interrupted while it waits. */
  private static final Duration EKS_LATENCY = Duration.ofSeconds(5);

  private final CountDownLatch describing = new CountDownLatch(1);
  private WireMockServer eks;
  private AwsClients aws;

  /** Says when a DescribeAccessEntry has reached EKS (its answer is then held for {@link #EKS_LATENCY}). */
  private final class Describing implements ServeEventListener {
    @Override
    public String getName() {
      return "describing";
    }

    @Override
    public void afterMatch(ServeEvent event, Parameters parameters) {
      if (event.getRequest().getUrl().startsWith("/clusters/prod-eks/access-entries/")) {
        describing.countDown();
      }
    }
  }

  @BeforeEach
  void start() {
    eks = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Describing()));
    eks.start();
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks")).willReturn(json("""
        {"cluster":{"name":"prod-eks","arn":"arn:aws:eks:eu-west-1:123456789012:cluster/prod-eks","version":"1.31","status":"ACTIVE",
          "accessConfig":{"authenticationMode":"API"}}}""")));
    eks.stubFor(get(urlEqualTo("/clusters/prod-eks/access-entries")).willReturn(json("""
        {"accessEntries":["%sdevs","%sci"],"nextToken":null}""".formatted(ROLE, ROLE))));
    for (String name : List.of("devs", "ci")) {
      String arn = ROLE + name;
      eks.stubFor(get(urlEqualTo("/clusters/prod-eks/access-entries/" + URLEncoder.encode(arn, StandardCharsets.UTF_8)))
          .willReturn(json("""
              {"accessEntry":{"clusterName":"prod-eks","principalArn":"%s","kubernetesGroups":[],"username":"%s","type":"STANDARD"}}"""
              .formatted(arn, name)).withFixedDelay((int) EKS_LATENCY.toMillis())));
    }
    aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("eks", URI.create(eks.baseUrl())), Duration.ofSeconds(20), TestEpoch.clock());
  }

  @AfterEach
  void stop() {
    aws.close();
    eks.stop();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  @Test
  void anInterruptedReadAnswersInterruptedStopsTheCallsInFlightAndKeepsTheThreadInterrupted() throws Exception {
    var entries = new AccessEntries(aws, new AwsCalls(new AuditTrail(new RecordingAuditRecorder(), TestEpoch.clock())));
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.of("prod-eks"), "production",
        Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
    var audit = new AuditTrail.Action(AuditTrail.actor(new Principal("alice", "alice@example.com", List.of("sre"))), "req-1",
        Verb.AWS_EKS_READ, new AuditEvent.Target("prod", "", "access-entries", ""), Map.of());

    var ended = InterruptedCall.run(() -> entries.read(spec, audit), () -> describing.getCount() == 0);

    assertThat(ended.failure()).isInstanceOf(Problem.class).hasMessage("reading the access entries was interrupted");
    assertThat(((Problem) ended.failure()).status()).isEqualTo(503);
    assertThat(((Problem) ended.failure()).code()).isEqualTo("interrupted");
    assertThat(ended.stillInterrupted()).as("the interrupt is kept for the caller").isTrue();
    assertThat(ended.afterInterrupt()).as("the calls in flight were stopped, not waited for").isLessThan(EKS_LATENCY.dividedBy(2));
  }
}
