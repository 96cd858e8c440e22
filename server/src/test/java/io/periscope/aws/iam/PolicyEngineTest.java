package io.periscope.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.aws.iam.PolicyEngine.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyEngineTest {
  private static final PolicyDocument APP = PolicyDocument.parse("inline:app", """
      {"Version":"2012-10-17","Statement":[
        {"Sid":"ReadAssets","Effect":"Allow","Action":["s3:Get*","s3:ListBucket"],"Resource":["arn:aws:s3:::assets","arn:aws:s3:::assets/*"]},
        {"Sid":"NoSecrets","Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::assets/secret/*"},
        {"Sid":"Queue","Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-1:123456789012:jobs-?"},
        {"Sid":"KmsFromVpc","Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}
      ]}""");
  private static final PolicyDocument ADMINISH = PolicyDocument.parse("arn:aws:iam::aws:policy/PowerUserAccess", """
      {"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"},
        {"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::*:role/admin-*"}
      ]}""");

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource({
      "s3:GetObject,        arn:aws:s3:::assets/logo.png,            ALLOWED",
      "S3:GETOBJECT,        arn:aws:s3:::assets/logo.png,            ALLOWED",
      "s3:GetObject,        arn:aws:s3:::Assets/logo.png,            NOT_ALLOWED",
      "s3:GetObject,        arn:aws:s3:::assets/secret/key.pem,      DENIED",
      "s3:PutObject,        arn:aws:s3:::assets/logo.png,            NOT_ALLOWED",
      "s3:ListBucket,       arn:aws:s3:::assets,                     ALLOWED",
      "sqs:SendMessage,     arn:aws:sqs:eu-west-1:123456789012:jobs-1, ALLOWED",
      "sqs:SendMessage,     arn:aws:sqs:eu-west-1:123456789012:jobs-12, NOT_ALLOWED",
      "kms:Decrypt,         arn:aws:kms:eu-west-1:123456789012:key/k1, CONDITIONAL",
  })
  void identityPolicyDecisions(String action, String resource, Verdict expected) {
    assertThat(PolicyEngine.evaluate(List.of(APP), action, resource).verdict()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource({
      "ec2:TerminateInstances, arn:aws:ec2:eu-west-1:123456789012:instance/i-1, ALLOWED",
      "iam:CreateUser,         arn:aws:iam::123456789012:user/x,               NOT_ALLOWED",
      "iam:PassRole,           arn:aws:iam::123456789012:role/app-task,        ALLOWED",
      "iam:PassRole,           arn:aws:iam::123456789012:role/admin-break-glass, NOT_ALLOWED",
  })
  void notActionAndNotResource(String action, String resource, Verdict expected) {
    assertThat(PolicyEngine.evaluate(List.of(ADMINISH), action, resource).verdict()).isEqualTo(expected);
  }

  @Test
  void anExplicitDenyInAnyPolicyWinsAndTheEvidenceNamesIt() {
    var d = PolicyEngine.evaluate(List.of(ADMINISH, APP), "s3:GetObject", "arn:aws:s3:::assets/secret/key.pem");
    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.evidence()).containsExactly("inline:app NoSecrets");
  }

  @Test
  void aConditionalDenyMakesAnAllowConditional() {
    var deny = PolicyDocument.parse("inline:guard", """
        {"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}""");
    var d = PolicyEngine.evaluate(List.of(APP, deny), "s3:GetObject", "arn:aws:s3:::assets/logo.png");
    assertThat(d.verdict()).isEqualTo(Verdict.CONDITIONAL);
    assertThat(d.evidence()).contains("inline:app ReadAssets", "inline:guard statement 0");
  }

  @Test
  void malformedPoliciesAreNamedErrors() {
    assertThatThrownBy(() -> PolicyDocument.parse("inline:x", "{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"s3:*\"}]}"))
        .hasMessageContaining("inline:x statement 0").hasMessageContaining("Effect 'Maybe'");
    assertThatThrownBy(() -> PolicyDocument.parse("inline:x", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotAction\":\"iam:*\"}]}"))
        .hasMessageContaining("exactly one of Action and NotAction");
    assertThatThrownBy(() -> PolicyDocument.parse("inline:x", "[1]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> PolicyDocument.parse("inline:x", "{\"Version\":\"2012-10-17\"}")).hasMessageContaining("no Statement");
  }

  @ParameterizedTest
  @CsvSource({"*,anything,true", "a*b*c,axxbyyc,true", "a*b*c,axxbyy,false", "?,,false", "a?c,abc,true", "**,,true", "s3:*,s3:,true"})
  void wildcards(String pattern, String value, boolean expected) {
    assertThat(Wildcards.matches(pattern, value == null ? "" : value, false)).isEqualTo(expected);
  }

  private static final PolicyDocument BUCKETS = PolicyDocument.parse("inline:buckets", """
      {"Statement":[
        {"Sid":"Scratch","Effect":"Allow","Action":["s3:DeleteBucket","s3:*"],"Resource":"arn:aws:s3:::scratch-*"},
        {"Sid":"Keep","Effect":"Deny","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::scratch-keep"},
        {"Sid":"Reads","Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}""");

  @ParameterizedTest(name = "{0} on {1} -> {2} wildcard={3}")
  @CsvSource({
      // "on any resource" (no resource given): an Allow on some resource counts; a Deny on one resource does not take it away
      "s3:DeleteBucket, ,                            ALLOWED,     false",
      "s3:PutObject,    ,                            ALLOWED,     true",
      "s3:GetObject,    ,                            ALLOWED,     true",
      "s3:DeleteBucket, arn:aws:s3:::scratch-keep,   DENIED,      false",
      "s3:DeleteBucket, arn:aws:s3:::payroll,        NOT_ALLOWED, false",
      "s3:PutObject,    arn:aws:s3:::scratch-1/k,    ALLOWED,     true",
      "s3:PutObject,    arn:aws:s3:::payroll/k,      NOT_ALLOWED, false",
  })
  void anyResourceQuestionsAndWildcardOnlyGrants(String action, String resource, Verdict verdict, boolean wildcard) {
    var d = PolicyEngine.evaluate(List.of(BUCKETS), action, java.util.Optional.ofNullable(resource));
    assertThat(d.verdict()).isEqualTo(verdict);
    assertThat(d.wildcard()).isEqualTo(wildcard);
  }

  @Test
  void aDenyOnEveryResourceTakesTheAnyResourceGrantAway() {
    var deny = PolicyDocument.parse("inline:deny", "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:Delete*\",\"Resource\":\"*\"}}");
    var d = PolicyEngine.evaluate(List.of(BUCKETS, deny), "s3:DeleteBucket", java.util.Optional.empty());
    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.statements()).singleElement().satisfies(s -> {
      assertThat(s.policy()).isEqualTo("inline:deny");
      assertThat(s.index()).isZero();
      assertThat(s.matchedBy()).isEqualTo("s3:Delete*");
      assertThat(s.allow()).isFalse();
    });
  }

  @Test
  void theDecidingStatementsNamePolicySidIndexAndHowTheyMatched() {
    var d = PolicyEngine.evaluate(List.of(BUCKETS, ADMINISH), "s3:DeleteBucket", "arn:aws:s3:::scratch-1");
    assertThat(d.statements()).extracting(PolicyEngine.StatementRef::label, PolicyEngine.StatementRef::matchedBy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("inline:buckets Scratch", "s3:DeleteBucket"),
            org.assertj.core.groups.Tuple.tuple("arn:aws:iam::aws:policy/PowerUserAccess statement 0", "NotAction"));
    assertThat(d.wildcard()).as("one statement names the action").isFalse();
  }

  /** The AWS documentation's example "Allows access to a specific DynamoDB table" (IAM User Guide, identity-based policy examples). */
  @Test
  void awsDocumentationExampleDynamoDbTable() {
    var doc = PolicyDocument.parse("docs:dynamodb", """
        {"Version":"2012-10-17","Statement":[{"Sid":"ListAndDescribe","Effect":"Allow","Action":["dynamodb:List*",
          "dynamodb:DescribeReservedCapacity*","dynamodb:DescribeLimits","dynamodb:DescribeTimeToLive"],"Resource":"*"},
          {"Sid":"SpecificTable","Effect":"Allow","Action":["dynamodb:BatchGet*","dynamodb:DescribeStream","dynamodb:DescribeTable",
          "dynamodb:Get*","dynamodb:Query","dynamodb:Scan","dynamodb:BatchWrite*","dynamodb:CreateTable","dynamodb:Delete*",
          "dynamodb:Update*","dynamodb:PutItem"],"Resource":"arn:aws:dynamodb:*:*:table/MyTable"}]}""");
    assertThat(PolicyEngine.evaluate(List.of(doc), "dynamodb:DeleteItem", "arn:aws:dynamodb:us-east-1:123456789012:table/MyTable").verdict())
        .isEqualTo(Verdict.ALLOWED);
    assertThat(PolicyEngine.evaluate(List.of(doc), "dynamodb:DeleteItem", "arn:aws:dynamodb:us-east-1:123456789012:table/Other").verdict())
        .isEqualTo(Verdict.NOT_ALLOWED);
    assertThat(PolicyEngine.evaluate(List.of(doc), "dynamodb:ListTables", "*").verdict()).isEqualTo(Verdict.ALLOWED);
  }

  /** The AWS documentation's "Deny access to AWS based on MFA" pattern: a conditional NotAction Deny leaves the grant conditional. */
  @Test
  void awsDocumentationExampleMfaDenyWithNotAction() {
    var admin = PolicyDocument.parse("admin", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}");
    var mfa = PolicyDocument.parse("docs:mfa", """
        {"Version":"2012-10-17","Statement":[{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny",
          "NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices",
          "iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}""");
    var terminate = PolicyEngine.evaluate(List.of(admin, mfa), "ec2:TerminateInstances", "*");
    assertThat(terminate.verdict()).isEqualTo(Verdict.CONDITIONAL);
    assertThat(terminate.wildcard()).isTrue();
    assertThat(PolicyEngine.evaluate(List.of(admin, mfa), "iam:GetUser", "*").verdict()).isEqualTo(Verdict.ALLOWED);
  }
}
