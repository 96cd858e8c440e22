package io.periscope.demo.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;

/** The demo's resource policies through the product's own SDK clients: S3 REST-XML, KMS and Secrets Manager JSON 1.1, all SigV4-signed. */
class ResourcePolicyApisTest extends FakeAwsAccountTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2031-06-30T12:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/3f9c2a71-8b4d-4e6f-a1c2-7d9e0b5f3a64";
  private static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/payments/stripe-7Yq2Lp";

  @Override
  Clock clock() {
    return CLOCK;
  }

  @Test
  void aBucketPolicyComesBackAsItsJsonBody() throws Exception {
    String policy = clients.s3(Region.US_EAST_1).getBucketPolicy(b -> b.bucket("acme-payments-audit")).policy();
    assertThat(JSON.readTree(policy).get("Statement").get(0).get("Sid").asText()).isEqualTo("NoDeletesOfAuditRecords");
    assertThat(aws.calls()).last().isEqualTo(new FakeAws.Call("s3", "s3:GetBucketPolicy", 200));
  }

  @Test
  void noPolicyNoBucketAndARefusalAreS3sOwnErrors() {
    assertThatThrownBy(() -> clients.s3(Region.US_EAST_1).getBucketPolicy(b -> b.bucket("acme-static-assets")))
        .isInstanceOfSatisfying(AwsServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(404);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucketPolicy");
        });
    assertThatThrownBy(() -> clients.s3(Region.US_EAST_1).getBucketPolicy(b -> b.bucket("acme-deploy-artifacts")))
        .as("the server role may not read this one").isInstanceOfSatisfying(AwsServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          assertThat(e.awsErrorDetails().errorMessage()).contains("s3:GetBucketPolicy");
        });
  }

  @Test
  void theKeyPolicyIsReadByKeyArn() throws Exception {
    var answer = clients.kms(Region.US_EAST_1).getKeyPolicy(k -> k.keyId(KEY).policyName("default"));
    assertThat(answer.policyName()).isEqualTo("default");
    assertThat(JSON.readTree(answer.policy()).get("Statement").get(1).get("Sid").asText()).isEqualTo("PaymentsApiUsesTheKey");
    assertThatThrownBy(() -> clients.kms(Region.US_EAST_1).getKeyPolicy(k -> k.keyId(KEY.replace("3f9c", "0000")).policyName("default")))
        .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFoundException"));
  }

  @Test
  void theSecretsResourcePolicyIsReadByArnOrName() throws Exception {
    var sm = clients.secretsManager(Region.US_EAST_1);
    var byArn = sm.getResourcePolicy(s -> s.secretId(SECRET));
    assertThat(byArn.name()).isEqualTo("prod/payments/stripe");
    assertThat(JSON.readTree(byArn.resourcePolicy()).get("Statement").get(0).get("Sid").asText()).isEqualTo("PaymentsApiReads");
    assertThat(sm.getResourcePolicy(s -> s.secretId("prod/payments/stripe")).arn()).isEqualTo(SECRET);
    assertThatThrownBy(() -> sm.getResourcePolicy(s -> s.secretId("prod/none")))
        .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException"));
  }

  @Test
  void theChainRolesAreListed() {
    var names = clients.iam(Region.US_EAST_1).listRolesPaginator().roles().stream().map(r -> r.roleName()).toList();
    assertThat(names).contains("prod-deploy-bot", "deployer", "release-admin");
  }
}
