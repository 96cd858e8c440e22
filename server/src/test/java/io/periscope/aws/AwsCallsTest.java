package io.periscope.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.problem.Problem;
import io.periscope.testkit.MotoServer;
import io.periscope.testkit.RecordingAuditRecorder;
import io.periscope.testkit.TestEpoch;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The shared AWS plumbing against real wire formats: moto_server's IAM for answers it implements,
 * WireMock serving AWS's documented error bodies for refusals and throttling (moto does not deny).
 */
class AwsCallsTest {
  private static final StaticCredentialsProvider TEST_KEYS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "test-secret-key"));
  private static final Principal ALICE = new Principal("alice", "alice@example.com", List.of("sre"));
  private static MotoServer moto;

  private final RecordingAuditRecorder audit = new RecordingAuditRecorder();
  private final AwsCalls calls = new AwsCalls(new AuditTrail(audit, Clock.systemUTC()));
  private WireMockServer stub;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = new MotoServer(Map.of());
  }

  @AfterAll
  static void stopMoto() {
    moto.close();
  }

  @BeforeEach
  void startStub() {
    stub = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    stub.start();
  }

  @AfterEach
  void stopStub() {
    stub.stop();
  }

  private static AwsClients clients(URI iamEndpoint) {
    return new AwsClients(TEST_KEYS, Map.of("iam", iamEndpoint), Duration.ofSeconds(10), Clock.systemUTC());
  }

  private static AuditTrail.Action getRole(String role) {
    return new AuditTrail.Action(AuditTrail.actor(ALICE), "req-1", Verb.AWS_IAM_READ,
        new AuditEvent.Target("prod", "payments", "iamroles", role), Map.of("op", "get_role"));
  }

  @Test
  void aRoleIsReadAndTheReadIsAuditedWithItsOp() {
    try (AwsClients aws = clients(moto.endpoint())) {
      IamClient iam = aws.iam(Region.EU_WEST_1);
      iam.createRole(r -> r.roleName("app-role").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"));

      String arn = calls.call(getRole("app-role"), "iam:GetRole", () -> iam.getRole(r -> r.roleName("app-role")).role().arn());

      assertThat(arn).isEqualTo("arn:aws:iam::123456789012:role/app-role");
      assertThat(audit.events()).singleElement().satisfies(e -> {
        assertThat(e.verb()).isEqualTo(Verb.AWS_IAM_READ);
        assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(e.extra()).containsEntry("op", "get_role");
        assertThat(e.actor().sub()).isEqualTo("alice");
      });
    }
  }

  @Test
  void aMissingRoleIs404NamingTheAction() {
    try (AwsClients aws = clients(moto.endpoint())) {
      IamClient iam = aws.iam(Region.EU_WEST_1);
      assertThatThrownBy(() -> calls.call(getRole("ghost"), "iam:GetRole", () -> iam.getRole(r -> r.roleName("ghost"))))
          .isInstanceOfSatisfying(Problem.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("aws_not_found");
          })
          .hasMessageContaining("iam:GetRole").hasMessageContaining("NoSuchEntity");
      assertThat(audit.events()).singleElement().extracting(AuditEvent::outcome).isEqualTo(Outcome.FAILURE);
    }
  }

  @Test
  void accessDeniedIs403NamingTheMissingActionAndAuditedAsDenied() {
    // IAM's query-protocol error body, as the AWS API reference documents it.
    stub.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody("""
        <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <Error><Type>Sender</Type><Code>AccessDenied</Code>
            <Message>User: arn:aws:sts::123456789012:assumed-role/periscope-server/i-0 is not authorized to perform: iam:GetRole on resource: role app-role because no identity-based policy allows the iam:GetRole action</Message>
          </Error>
          <RequestId>4c1a1f4e-0000-4e7a-9c3d-1b2c3d4e5f60</RequestId>
        </ErrorResponse>""")));
    try (AwsClients aws = clients(URI.create(stub.baseUrl()))) {
      IamClient iam = aws.iam(Region.EU_WEST_1);
      assertThatThrownBy(() -> calls.call(getRole("app-role"), "iam:GetRole", () -> iam.getRole(r -> r.roleName("app-role"))))
          .isInstanceOfSatisfying(Problem.class, e -> {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("aws_access_denied");
          })
          .hasMessageContaining("not allowed iam:GetRole").hasMessageContaining("AccessDenied");
    }
    stub.verify(1, postRequestedFor(urlEqualTo("/")));
    assertThat(audit.events()).singleElement().extracting(AuditEvent::outcome).isEqualTo(Outcome.DENIED);
  }

  /**
   * AWS words a refusal with the server's own principal and the resource's ARN, account id and all;
   * the person reading the error is told the action and AWS's reason, not which accounts and roles
   * stand behind the server (the full text goes to the server's log).
   */
  @Test
  void aRefusalShowsNoArnOrAccountIdOfAws() {
    stub.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "text/xml").withBody("""
        <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <Error><Type>Sender</Type><Code>AccessDenied</Code>
            <Message>User: arn:aws:sts::111122223333:assumed-role/periscope-server/i-0 is not authorized to perform: iam:GetRole on resource: arn:aws:iam::444455556666:role/app-role because no resource-based policy allows the iam:GetRole action</Message>
          </Error>
          <RequestId>4c1a1f4e-0000-4e7a-9c3d-1b2c3d4e5f62</RequestId>
        </ErrorResponse>""")));
    try (AwsClients aws = clients(URI.create(stub.baseUrl()))) {
      IamClient iam = aws.iam(Region.EU_WEST_1);
      assertThatThrownBy(() -> calls.call(getRole("app-role"), "iam:GetRole", () -> iam.getRole(r -> r.roleName("app-role"))))
          .isInstanceOfSatisfying(Problem.class, e -> assertThat(e.code()).isEqualTo("aws_access_denied"))
          .hasMessageContaining("not allowed iam:GetRole").hasMessageContaining("is not authorized to perform: iam:GetRole")
          .hasMessageNotContaining("111122223333").hasMessageNotContaining("444455556666").hasMessageNotContaining("arn:aws")
          .hasMessageNotContaining("periscope-server");
    }
    assertThat(audit.events()).singleElement().satisfies(row -> assertThat(row.reason()).doesNotContain("111122223333")
        .doesNotContain("444455556666"));
  }

  @Test
  void throttlingIsRetriedWithBackoffThen503() {
    stub.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody("""
        <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
          <Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>
          <RequestId>4c1a1f4e-0000-4e7a-9c3d-1b2c3d4e5f61</RequestId>
        </ErrorResponse>""")));
    try (AwsClients aws = clients(URI.create(stub.baseUrl()))) {
      IamClient iam = aws.iam(Region.EU_WEST_1);
      assertThatThrownBy(() -> AwsCalls.unaudited("iam:GetRole", () -> iam.getRole(r -> r.roleName("app-role"))))
          .isInstanceOfSatisfying(Problem.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("aws_throttled");
          })
          .hasMessageContaining("Rate exceeded");
    }
    stub.verify(3, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void aCallAwsDoesNotAnswerInTimeIsCutOffAtTheCallTimeout() {
    stub.stubFor(post(anyUrl()).willReturn(aResponse().withFixedDelay(5_000).withStatus(200).withHeader("Content-Type", "text/xml")
        .withBody("<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRoleResult/></GetRoleResponse>")));
    try (AwsClients aws = new AwsClients(TEST_KEYS, Map.of("iam", URI.create(stub.baseUrl())), Duration.ofMillis(500), Clock.systemUTC())) {
      IamClient iam = aws.iam(Region.EU_WEST_1);
      assertThatThrownBy(() -> AwsCalls.unaudited("iam:GetRole", () -> iam.getRole(r -> r.roleName("app-role"))))
          .isInstanceOfSatisfying(Problem.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("aws_unreachable");
          })
          .hasMessageContaining("iam:GetRole").hasMessageContaining("timeout");
    }
  }

  @Test
  void restJsonServicesMapTheSameWay() {
    stub.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
        .withHeader("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/com.amazonaws.eks/")
        .withBody("{\"message\":\"User: arn:aws:sts::123456789012:assumed-role/periscope-server/i-0 is not authorized to perform: eks:ListAccessEntries\"}")));
    try (var aws = new AwsClients(TEST_KEYS, Map.of("eks", URI.create(stub.baseUrl())), Duration.ofSeconds(10), TestEpoch.clock())) {
      var eks = aws.eks(Region.EU_WEST_1);
      assertThatThrownBy(() -> AwsCalls.unaudited("eks:ListAccessEntries", () -> eks.listAccessEntries(r -> r.clusterName("prod"))))
          .isInstanceOfSatisfying(Problem.class, e -> assertThat(e.code()).isEqualTo("aws_access_denied"))
          .hasMessageContaining("eks:ListAccessEntries");
    }
  }

  @Test
  void noCredentialsIsAClear502() {
    try (var aws = new AwsClients(() -> {
      throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    }, Map.of("iam", moto.endpoint()), Duration.ofSeconds(10), Clock.systemUTC())) {
      IamClient iam = aws.iam(Region.EU_WEST_1);
      assertThatThrownBy(() -> AwsCalls.unaudited("iam:GetRole", () -> iam.getRole(r -> r.roleName("app-role"))))
          .isInstanceOfSatisfying(Problem.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("aws_credentials_unavailable");
          });
    }
  }
}
