package io.periscope.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceGrantsTest {
  private static List<ServiceGrants.Service> grants(String... documents) {
    List<PolicyDocument> docs = new java.util.ArrayList<>();
    for (int i = 0; i < documents.length; i++) {
      docs.add(PolicyDocument.parse("inline:p" + i, documents[i]));
    }
    return ServiceGrants.of(docs);
  }

  @Test
  void actionsAreGroupedByTheirServiceCaseInsensitivelyWithEveryServiceFirst() {
    var out = grants("""
        {"Statement":[{"Sid":"Deploy","Effect":"Allow","Action":["iam:PassRole","S3:GetObject","s3:Put*"],"Resource":"*"},
          {"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}]}""",
        """
        {"Statement":{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::b",
          "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}}""");

    assertThat(out).extracting(ServiceGrants.Service::service).containsExactly("*", "iam", "s3");
    assertThat(out.get(0).grants()).singleElement().satisfies(g -> {
      assertThat(g.action()).isEqualTo("*");
      assertThat(g.resources()).containsExactly("arn:aws:s3:::b/*");
      assertThat(g.evidence()).isEqualTo("inline:p0 statement 1");
    });
    assertThat(out.get(2).grants()).extracting(g -> g.action() + " " + g.allow() + " " + g.conditional() + " " + g.evidence())
        .containsExactly("S3:GetObject true false inline:p0 Deploy", "s3:Put* true false inline:p0 Deploy",
            "s3:DeleteBucket false true inline:p1 statement 0");
  }

  @Test
  void notActionAndNotResourceAreSpelledOutUnderEveryService() {
    var out = grants("""
        {"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"NotResource":"arn:aws:s3:::secret/*"}]}""");
    assertThat(out).singleElement().satisfies(s -> {
      assertThat(s.service()).isEqualTo("*");
      assertThat(s.grants()).singleElement().satisfies(g -> {
        assertThat(g.action()).isEqualTo("all but iam:*, organizations:*");
        assertThat(g.resources()).containsExactly("all but arn:aws:s3:::secret/*");
      });
    });
  }

  @Test
  void aServicePatternWithAWildcardReachesSeveralServices() {
    assertThat(ServiceGrants.service("s*:Get*")).isEqualTo("*");
    assertThat(ServiceGrants.service("EC2:Describe*")).isEqualTo("ec2");
    assertThat(ServiceGrants.service("*")).isEqualTo("*");
  }
}
