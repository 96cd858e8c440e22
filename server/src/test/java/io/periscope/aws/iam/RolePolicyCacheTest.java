package io.periscope.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import io.periscope.aws.AwsCalls;
import io.periscope.aws.AwsClients;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.InterruptedCall;
import io.periscope.testkit.MutableClock;
import io.periscope.testkit.RecordingAuditRecorder;
import io.periscope.testkit.TestEpoch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Reading roles' policies from IAM (the API reference's query/XML shapes, URL-encoded documents,
 * pages of one item) and keeping them: TTL on the injected clock, shared managed policies, one
 * read for concurrent callers, a bound per account, refusals named without losing the rest.
 */
@Tag("clock")
class RolePolicyCacheTest {
  private static final String S3_READ = """
      {"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::shop/*"}]}""";
  private static final String BROAD = """
      {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:*","iam:PassRole"],"Resource":"*"},
        {"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}""";
  private static final Principal ALICE = new Principal("alice", "alice@example.com", List.of("sre"));

  private final IamStub iamStub = new IamStub();
  private final RecordingAuditRecorder audit = new RecordingAuditRecorder();
  private final MutableClock clock = TestEpoch.clock();
  private final Instant epoch = clock.instant();
  private AwsClients aws;
  private IamClient iam;

  @BeforeEach
  void start() {
    iamStub.pageSize(1)
        .managedPolicy(IamStub.policyArn("broad"), BROAD)
        .role("web", Map.of("s3-read", S3_READ, "more", S3_READ.replace("Read", "More")), List.of(IamStub.policyArn("broad")))
        .role("worker", Map.of(), List.of(IamStub.policyArn("broad")));
    aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("iam", iamStub.endpoint()), Duration.ofSeconds(20), clock);
    iam = aws.iam(Region.EU_WEST_1);
  }

  @AfterEach
  void stop() {
    aws.close();
    iamStub.close();
  }

  private RolePolicyCache cache(int perAccount) {
    return new RolePolicyCache(new AwsCalls(new AuditTrail(audit, clock)), clock,
        new RolePolicyCache.Settings(Duration.ofMinutes(30), Duration.ofMinutes(5), perAccount));
  }

  private static AuditTrail.Action action() {
    return new AuditTrail.Action(AuditTrail.actor(ALICE), "req-1", Verb.AWS_IAM_READ, new AuditEvent.Target("prod", "shop", "pods", "web-0"),
        Map.of());
  }

  @Test
  void everyPolicyIsReadAcrossPagesDecodedAndEachCallAudited() {
    RolePolicySet web = cache(4).get(iam, IamStub.roleArn("web"), action());

    assertThat(web.existence()).isEqualTo(RolePolicySet.Existence.EXISTS);
    assertThat(web.problems()).isEmpty();
    assertThat(web.documents()).extracting(PolicyDocument::source)
        .containsExactlyInAnyOrder("inline:s3-read", "inline:more", IamStub.policyArn("broad"));
    assertThat(web.documents().get(2).statements().get(1).condition()).isEqualTo("{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"false\"}}");
    assertThat(web.fetchedAt()).isEqualTo(epoch);
    assertThat(iamStub.calls("iam:ListRolePolicies")).as("two pages of one").isEqualTo(2);
    assertThat(audit.events()).extracting(e -> e.extra().get("op")).containsExactly("get_role", "list_role_policies",
        "list_attached_role_policies", "get_role_policy", "get_role_policy", "get_policy", "get_policy_version");
    assertThat(audit.events()).allSatisfy(e -> {
      assertThat(e.verb()).isEqualTo(Verb.AWS_IAM_READ);
      assertThat(e.actor().sub()).isEqualTo("alice");
      assertThat(e.extra()).containsEntry("role", IamStub.roleArn("web"));
    });
    assertThat(audit.events()).as("each row names what its call read, in the page's cluster, not the page's pod")
        .extracting(AuditEvent::target).containsExactly(
            new AuditEvent.Target("prod", "", "iam-roles", IamStub.roleArn("web")),
            new AuditEvent.Target("prod", "", "iam-roles", IamStub.roleArn("web")),
            new AuditEvent.Target("prod", "", "iam-roles", IamStub.roleArn("web")),
            new AuditEvent.Target("prod", "", "iam-roles", IamStub.roleArn("web")),
            new AuditEvent.Target("prod", "", "iam-roles", IamStub.roleArn("web")),
            new AuditEvent.Target("prod", "", "iam-policies", IamStub.policyArn("broad")),
            new AuditEvent.Target("prod", "", "iam-policies", IamStub.policyArn("broad")));
  }

  @Test
  void keptForTheTtlThenReadAgainAndManagedPoliciesAreReadOnce() {
    RolePolicyCache cache = cache(4);
    cache.get(iam, IamStub.roleArn("web"), action());
    cache.get(iam, IamStub.roleArn("worker"), action());
    int afterFirstReads = iamStub.calls();
    assertThat(iamStub.calls("iam:GetPolicyVersion")).as("the managed policy both attach").isEqualTo(1);

    clock.advance(Duration.ofMinutes(29));
    cache.get(iam, IamStub.roleArn("web"), action());
    assertThat(iamStub.calls()).as("fresh: no IAM call").isEqualTo(afterFirstReads);

    clock.advance(Duration.ofMinutes(1));
    RolePolicySet again = cache.get(iam, IamStub.roleArn("web"), action());
    assertThat(iamStub.calls()).isGreaterThan(afterFirstReads);
    assertThat(again.fetchedAt()).isEqualTo(epoch.plus(Duration.ofMinutes(30)));
  }

  @Test
  void invalidatingReadsTheRoleAndItsManagedPoliciesAgain() {
    RolePolicyCache cache = cache(4);
    cache.get(iam, IamStub.roleArn("web"), action());
    iamStub.resetCounts();

    assertThat(cache.invalidate(List.of(IamStub.roleArn("web"), IamStub.roleArn("never-read")))).containsExactly(IamStub.roleArn("web"));
    cache.get(iam, IamStub.roleArn("web"), action());

    assertThat(iamStub.calls("iam:GetRole")).isEqualTo(1);
    assertThat(iamStub.calls("iam:GetPolicyVersion")).isEqualTo(1);
  }

  @Test
  void concurrentCallersShareOneRead() throws Exception {
    iamStub.latency(Duration.ofMillis(50));
    RolePolicyCache cache = cache(4);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<RolePolicySet>> all = IntStream.range(0, 6).mapToObj(i -> threads.submit(() ->
          cache.get(iam, IamStub.roleArn("web"), action()))).toList();
      for (Future<RolePolicySet> f : all) {
        assertThat(f.get().documents()).hasSize(3);
      }
    }
    assertThat(iamStub.calls("iam:GetRole")).isEqualTo(1);
  }

  @Test
  void aWaitInterruptedAnswersInterruptedStopsTheReadsAndKeepsTheThreadInterrupted() throws Exception {
    iamStub.latency(Duration.ofSeconds(5));

    // Interrupted once IAM holds a read: the reader is waiting for its tasks.
    var ended = InterruptedCall.run(() -> cache(2).getAll(iam, List.of(IamStub.roleArn("web"), IamStub.roleArn("worker")), action()),
        () -> iamStub.maxInFlight() > 0);

    assertThat(ended.failure()).isInstanceOf(io.periscope.problem.Problem.class).hasMessage("reading IAM policies was interrupted");
    assertThat(((io.periscope.problem.Problem) ended.failure()).status()).isEqualTo(503);
    assertThat(((io.periscope.problem.Problem) ended.failure()).code()).isEqualTo("interrupted");
    assertThat(ended.stillInterrupted()).as("the interrupt is kept for the caller").isTrue();
    assertThat(ended.afterInterrupt()).as("the reads in flight were stopped, not waited for").isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void readsOfOneAccountRunWithinItsBound() {
    List<String> arns = IntStream.range(0, 8).mapToObj(i -> {
      iamStub.role("r" + i, Map.of("p", S3_READ), List.of());
      return IamStub.roleArn("r" + i);
    }).toList();
    iamStub.latency(Duration.ofMillis(40));

    cache(2).getAll(iam, arns, action());
    assertThat(iamStub.maxInFlight()).as("two roles at a time, each role's calls one after another").isLessThanOrEqualTo(2);

    iamStub.resetCounts();
    assertThat(cache(8).getAll(iam, arns, action())).hasSize(8);
    assertThat(iamStub.maxInFlight()).as("the bound, not the machine, limited the first run").isGreaterThan(2);
  }

  @Test
  void aDeletedRoleIsNotFound() {
    RolePolicySet gone = cache(4).get(iam, IamStub.roleArn("deleted"), action());
    assertThat(gone.existence()).isEqualTo(RolePolicySet.Existence.NOT_FOUND);
    assertThat(gone.problems()).singleElement().asString().contains("role not found");
    assertThat(iamStub.calls()).as("nothing more is asked of a deleted role").isEqualTo(1);
  }

  @Test
  void withoutGetRoleTheRoleIsUnverifiedButItsPoliciesStillRead() {
    iamStub.deny("iam:GetRole");
    RolePolicySet web = cache(4).get(iam, IamStub.roleArn("web"), action());
    assertThat(web.existence()).isEqualTo(RolePolicySet.Existence.UNVERIFIED);
    assertThat(web.problems()).singleElement().asString().startsWith("verification denied").contains("iam:GetRole");
    assertThat(web.documents()).hasSize(3);
    assertThat(audit.events()).filteredOn(e -> "get_role".equals(e.extra().get("op"))).singleElement()
        .extracting(AuditEvent::outcome).isEqualTo(Outcome.DENIED);

    RolePolicySet gone = cache(4).get(iam, IamStub.roleArn("deleted"), action());
    assertThat(gone.existence()).as("IAM's NoSuchEntity on its policy lists still tells").isEqualTo(RolePolicySet.Existence.NOT_FOUND);
  }

  @Test
  void oneRefusedCallIsANamedProblemAndTheRestIsRead() {
    iamStub.deny("iam:GetRolePolicy");
    RolePolicyCache cache = cache(4);
    RolePolicySet web = cache.get(iam, IamStub.roleArn("web"), action());

    assertThat(web.documents()).extracting(PolicyDocument::source).containsExactly(IamStub.policyArn("broad"));
    assertThat(web.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("not allowed iam:GetRolePolicy"));

    int calls = iamStub.calls();
    clock.advance(Duration.ofMinutes(4));
    cache.get(iam, IamStub.roleArn("web"), action());
    assertThat(iamStub.calls()).as("kept for aws.access.freshness").isEqualTo(calls);
    clock.advance(Duration.ofMinutes(1));
    cache.get(iam, IamStub.roleArn("web"), action());
    assertThat(iamStub.calls()).as("then retried").isGreaterThan(calls);
  }

  @Test
  void throttlingIsRetriedThenNamed() {
    iamStub.throttle("iam:GetPolicyVersion");
    RolePolicySet web = cache(4).get(iam, IamStub.roleArn("web"), action());
    assertThat(iamStub.calls("iam:GetPolicyVersion")).as("the SDK's standard retries").isEqualTo(3);
    assertThat(web.problems()).singleElement().asString().contains("AWS throttled iam:GetPolicyVersion");
    assertThat(web.documents()).hasSize(2);
  }

  @Test
  void aThrottledReadIsRetriedUntilItIsAnswered() {
    iamStub.throttleFirst("iam:ListAttachedRolePolicies", 2);
    RolePolicySet web = cache(4).get(iam, IamStub.roleArn("web"), action());
    assertThat(iamStub.calls("iam:ListAttachedRolePolicies")).as("two throttled, the third answered").isEqualTo(3);
    assertThat(web.problems()).isEmpty();
    assertThat(web.documents()).extracting(PolicyDocument::source).contains(IamStub.policyArn("broad"));
    assertThat(audit.events()).filteredOn(e -> "list_attached_role_policies".equals(e.extra().get("op"))).singleElement()
        .as("one audited call however often the SDK retried").extracting(AuditEvent::outcome).isEqualTo(Outcome.SUCCESS);
  }
}
