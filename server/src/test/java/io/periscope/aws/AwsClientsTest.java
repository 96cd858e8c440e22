package io.periscope.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.testkit.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** One shared SDK client per (service, region), owned and closed by {@link AwsClients}. */
class AwsClientsTest {
  private static MotoServer moto;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = new MotoServer(Map.of());
  }

  @AfterAll
  static void stopMoto() {
    moto.close();
  }

  private static AwsClients clients() {
    return new AwsClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDPERISCOPETEST", "secret")),
        Map.of("iam", moto.endpoint(), "sts", moto.endpoint()), Duration.ofSeconds(10), Clock.systemUTC());
  }

  @Test
  void oneClientPerServiceAndRegionSharedByEveryCaller() {
    try (AwsClients aws = clients()) {
      assertThat(aws.sts(Region.EU_WEST_1)).isSameAs(aws.sts(Region.EU_WEST_1)).isNotSameAs(aws.sts(Region.US_EAST_1));
      assertThat(aws.eks(Region.EU_WEST_1)).isSameAs(aws.eks(Region.EU_WEST_1));
      assertThat(aws.iam(Region.EU_WEST_1)).as("IAM is global: one client per partition").isSameAs(aws.iam(Region.US_WEST_2))
          .isNotSameAs(aws.iam(Region.CN_NORTH_1));
    }
  }

  @Test
  void stsAnswersTheServersOwnIdentity() {
    try (AwsClients aws = clients()) {
      var me = aws.sts(Region.EU_WEST_1).getCallerIdentity();
      assertThat(me.account()).isEqualTo("123456789012");
      assertThat(me.arn()).startsWith("arn:aws:");
    }
  }

  @Test
  void closingClosesTheClientsAndRefusesNewOnes() {
    AwsClients aws = clients();
    var iam = aws.iam(Region.EU_WEST_1);
    iam.listRoles();

    aws.close();

    assertThatThrownBy(iam::listRoles).as("the shared client was closed with its owner (its time-out scheduler is gone)")
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    assertThatThrownBy(() -> aws.iam(Region.EU_WEST_1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    aws.close(); // a second close is harmless
  }
}
