package io.periscope.bench;

import io.periscope.aws.AwsClients;
import io.periscope.clusters.Backend;
import io.periscope.clusters.ClusterSpec;
import io.periscope.testkit.FixedClientConnector;
import io.periscope.testkit.IamStub;
import io.periscope.testkit.MockApiServer;
import io.periscope.testkit.PeriscopeHarness;
import io.periscope.testkit.TestBrowser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Periscope in raw mode on one EKS cluster {@code prod} (eu-west-1) whose apiserver is
 * {@code apiserver} and whose IAM is {@code iam}, with alice signed in as {@code devs}: what the
 * AWS benchmarks (reverse lookup, attack paths) measure against.
 */
record EksBench(PeriscopeHarness harness, AwsClients aws, TestBrowser alice) implements AutoCloseable {
  static EksBench start(IamStub iam, MockApiServer apiserver) {
    var aws = new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPEBENCH", "secret")),
        Map.of("iam", iam.endpoint()), Duration.ofSeconds(30), Clock.systemUTC());
    var spec = new ClusterSpec("prod", Backend.EKS, Optional.of("eu-west-1"), Optional.empty(), Optional.empty(), "bench", Map.of(),
        Optional.empty(), Optional.empty(), Optional.empty());
    var harness = new PeriscopeHarness(Map.of("auth.authorization.mode", "raw"), List.of(spec),
        List.of(new FixedClientConnector(Backend.EKS, apiserver.client())), b -> b.aws(aws));
    TestBrowser alice = harness.browser();
    alice.login("alice", List.of("devs"));
    return new EksBench(harness, aws, alice);
  }

  @Override
  public void close() {
    harness.close();
    aws.close();
  }
}
