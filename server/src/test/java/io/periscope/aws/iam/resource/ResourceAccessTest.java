package io.periscope.aws.iam.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.aws.iam.PolicyDocument;
import io.periscope.aws.iam.resource.ResourceAccess.Kind;
import io.periscope.aws.iam.resource.ResourceAccess.Outcome;
import io.periscope.aws.iam.resource.ResourceAccess.PolicyRead;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same-account and cross-account rules of AWS's policy evaluation logic, for bucket, key, secret and trust policies. */
class ResourceAccessTest {
  private static final String ROLE = "arn:aws:iam::111111111111:role/app";
  private static final String BUCKET = "arn:aws:s3:::acme-data";
  private static final String OBJECTS = BUCKET + "/*";
  private static final String KEY = "arn:aws:kms:us-east-1:111111111111:key/k-1";
  private static final String OTHER_KEY = "arn:aws:kms:us-east-1:222222222222:key/k-2";

  private static List<PolicyDocument> identity(String statements) {
    return List.of(PolicyDocument.parse("inline:app", "{\"Statement\":[" + statements + "]}"));
  }

  private static PolicyRead resource(String statements) {
    return PolicyRead.of(ResourcePolicy.parse("resource", "{\"Statement\":[" + statements + "]}"));
  }

  private static ResourceAccess.Answer decide(List<PolicyDocument> id, String action, String arn, String account, Kind kind, PolicyRead read) {
    return ResourceAccess.decide(new ResourceAccess.Request(ROLE, id, action, arn, account, kind, read));
  }

  private static final List<PolicyDocument> NOTHING = identity("");
  private static final List<PolicyDocument> GET_OBJECTS = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"" + OBJECTS + "\"}");

  @Test
  void sameAccountTheIdentityPolicyAloneSuffices() {
    var a = decide(GET_OBJECTS, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, PolicyRead.none("the bucket has no policy"));
    assertThat(a.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(a.crossAccount()).isFalse();
    assertThat(a.identity().evidence()).containsExactly("inline:app statement 0");
  }

  @Test
  void sameAccountABucketPolicyNamingTheRoleSufficesWithoutAnyIdentityPolicy() {
    var a = decide(NOTHING, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, resource(
        "{\"Sid\":\"Other\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/other\"},\"Action\":\"s3:*\",\"Resource\":\"" + OBJECTS + "\"},"
            + "{\"Sid\":\"App\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + ROLE + "\"]},\"Action\":\"s3:GetObject\",\"Resource\":\"" + OBJECTS + "\"}"));
    assertThat(a.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(a.resource().direct().statements()).singleElement().satisfies(s -> {
      assertThat(s.sid()).isEqualTo("App");
      assertThat(s.index()).as("the index in the whole policy, not among the statements kept").isEqualTo(1);
    });
  }

  @Test
  void sameAccountAGrantToTheAccountRootDelegatesToIdentityPolicies() {
    PolicyRead toRoot = resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"" + OBJECTS + "\"}");
    assertThat(decide(NOTHING, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, toRoot).outcome()).isEqualTo(Outcome.NOT_ALLOWED);
    assertThat(decide(GET_OBJECTS, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, toRoot).outcome()).isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void anExplicitDenyInTheResourcePolicyWinsOverTheIdentityAllow() {
    var a = decide(GET_OBJECTS, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, resource(
        "{\"Sid\":\"NoOne\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"" + BUCKET + "\",\"" + OBJECTS + "\"]}"));
    assertThat(a.outcome()).isEqualTo(Outcome.DENIED);
    assertThat(a.rule()).contains("bucket policy");
    assertThat(a.resource().direct().evidence()).containsExactly("resource NoOne");
  }

  @Test
  void aDenyToTheAccountRootCoversEveryRoleOfTheAccount() {
    var a = decide(GET_OBJECTS, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, resource(
        "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"s3:GetObject\",\"Resource\":\"" + OBJECTS + "\"}"));
    assertThat(a.outcome()).isEqualTo(Outcome.DENIED);
  }

  @Test
  void anyoneWithAConditionIsConditional() {
    var a = decide(NOTHING, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, resource(
        "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:GetObject\",\"Resource\":\"" + OBJECTS
            + "\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1\"}}}"));
    assertThat(a.outcome()).isEqualTo(Outcome.CONDITIONAL);
  }

  @Test
  void crossAccountBothSidesMustAllow() {
    String theirs = "arn:aws:s3:::partner-data/*";
    PolicyRead grantsRole = resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROLE + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"" + theirs + "\"}");
    PolicyRead grantsAccount = resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"s3:GetObject\",\"Resource\":\"" + theirs + "\"}");
    List<PolicyDocument> mine = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"" + theirs + "\"}");

    assertThat(decide(NOTHING, "s3:GetObject", theirs, "222222222222", Kind.S3_BUCKET, grantsRole).outcome())
        .as("the bucket policy alone is not enough across accounts").isEqualTo(Outcome.NOT_ALLOWED);
    assertThat(decide(mine, "s3:GetObject", theirs, "222222222222", Kind.S3_BUCKET, PolicyRead.none("no policy")).outcome())
        .as("the identity policy alone is not enough across accounts").isEqualTo(Outcome.NOT_ALLOWED);
    var both = decide(mine, "s3:GetObject", theirs, "222222222222", Kind.S3_BUCKET, grantsRole);
    assertThat(both.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(both.crossAccount()).isTrue();
    assertThat(decide(mine, "s3:GetObject", theirs, "222222222222", Kind.S3_BUCKET, grantsAccount).outcome())
        .as("naming the role's account lets that account's IAM policies decide").isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void kmsTheKeyPolicyMustAllowEvenInTheSameAccount() {
    List<PolicyDocument> decrypt = identity("{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"" + KEY + "\"}");
    PolicyRead othersOnly = resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/admin\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}");
    assertThat(decide(decrypt, "kms:Decrypt", KEY, "111111111111", Kind.KMS_KEY, othersOnly).outcome())
        .as("an identity Allow does not open a key whose policy does not delegate to the account").isEqualTo(Outcome.NOT_ALLOWED);
    assertThat(decide(decrypt, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET,
        resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/admin\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}")).outcome())
        .isEqualTo(Outcome.NOT_ALLOWED);
  }

  @Test
  void kmsRootDelegationLetsTheIdentityPoliciesDecide() {
    PolicyRead defaultKeyPolicy = resource("{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},"
        + "\"Action\":\"kms:*\",\"Resource\":\"*\"}");
    List<PolicyDocument> decrypt = identity("{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"" + KEY + "\"}");
    var allowed = decide(decrypt, "kms:Decrypt", KEY, "111111111111", Kind.KMS_KEY, defaultKeyPolicy);
    assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(allowed.resource().viaAccount().evidence()).containsExactly("resource Enable IAM User Permissions");
    assertThat(decide(NOTHING, "kms:Decrypt", KEY, "111111111111", Kind.KMS_KEY, defaultKeyPolicy).outcome()).isEqualTo(Outcome.NOT_ALLOWED);
    assertThat(decide(NOTHING, "kms:Decrypt", KEY, "111111111111", Kind.KMS_KEY,
        resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROLE + "\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}")).outcome())
        .as("a key policy naming the role grants by itself in the key's account").isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void kmsAcrossAccountsNeedsTheKeyPolicyAndTheIdentityPolicy() {
    PolicyRead toUs = resource("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}");
    List<PolicyDocument> decrypt = identity("{\"Effect\":\"Allow\",\"Action\":\"kms:Decrypt\",\"Resource\":\"" + OTHER_KEY + "\"}");
    assertThat(decide(decrypt, "kms:Decrypt", OTHER_KEY, "222222222222", Kind.KMS_KEY, toUs).outcome()).isEqualTo(Outcome.ALLOWED);
    assertThat(decide(NOTHING, "kms:Decrypt", OTHER_KEY, "222222222222", Kind.KMS_KEY, toUs).outcome()).isEqualTo(Outcome.NOT_ALLOWED);
  }

  @Test
  void anUnreadablePolicyIsUnknownWhereItCouldDecideAndSaysWhy() {
    var a = decide(GET_OBJECTS, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, PolicyRead.notReadable("s3:GetBucketPolicy was refused"));
    assertThat(a.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(a.rule()).contains("could not be read").contains("s3:GetBucketPolicy was refused");
    assertThat(a.resource().state()).isEqualTo(ResourceAccess.PolicyState.NOT_READABLE);
    assertThat(decide(NOTHING, "s3:GetObject", "arn:aws:s3:::theirs/*", "222222222222", Kind.S3_BUCKET, PolicyRead.notReadable("refused")).outcome())
        .as("across accounts, without an identity Allow the unread policy cannot matter").isEqualTo(Outcome.NOT_ALLOWED);
    assertThat(decide(identity("{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}"), "s3:GetObject", OBJECTS, "111111111111",
        Kind.S3_BUCKET, PolicyRead.notReadable("refused")).outcome()).isEqualTo(Outcome.DENIED);
  }

  @Test
  void notPrincipalNamesEveryoneItDoesNotList() {
    var a = decide(GET_OBJECTS, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, resource(
        "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::111111111111:role/admin\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}"));
    assertThat(a.outcome()).isEqualTo(Outcome.DENIED);
    var spared = decide(GET_OBJECTS, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, resource(
        "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"" + ROLE + "\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}"));
    assertThat(spared.outcome()).isEqualTo(Outcome.ALLOWED);
  }

  @Test
  void servicePrincipalsNeverNameARole() {
    var a = decide(NOTHING, "s3:GetObject", OBJECTS, "111111111111", Kind.S3_BUCKET, resource(
        "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"s3:GetObject\",\"Resource\":\"" + OBJECTS + "\"}"));
    assertThat(a.outcome()).isEqualTo(Outcome.NOT_ALLOWED);
  }

  @Test
  void aPrincipalStringOtherThanStarIsRefused() {
    assertThatThrownBy(() -> ResourcePolicy.parse("p", "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"me\",\"Action\":\"s3:*\"}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Principal");
  }
}
