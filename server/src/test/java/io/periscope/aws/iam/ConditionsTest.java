package io.periscope.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.aws.iam.Conditions.Truth;
import io.periscope.testkit.TestEpoch;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every condition operator and the condition keys the AWS Access tab states, against the IAM User
 * Guide ("IAM JSON policy elements: Condition operators", "Single-valued vs. multivalued context
 * keys", "IAM policy elements: Variables and tags"). Contexts are JSON as the API takes them;
 * {@code null} states a key absent from the request; a key left out is not stated (unknown).
 */
class ConditionsTest {
  private static Truth truth(String condition, String context) {
    return Conditions.evaluate(condition, RequestContext.parse(context)).truth();
  }

  @ParameterizedTest(name = "[{index}] {0} with {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      // String operators, case-sensitive vs IgnoreCase; several policy values OR'ed.
      "{'StringEquals':{'aws:PrincipalTag/team':['payments','ledger']}}      | {'aws:PrincipalTag/team':'ledger'}   | TRUE",
      "{'StringEquals':{'aws:PrincipalTag/team':'payments'}}                 | {'aws:PrincipalTag/team':'Payments'} | FALSE",
      "{'StringEqualsIgnoreCase':{'aws:PrincipalTag/team':'payments'}}       | {'aws:PrincipalTag/team':'Payments'} | TRUE",
      "{'StringNotEquals':{'aws:RequestTag/env':['prod','staging']}}         | {'aws:RequestTag/env':'dev'}         | TRUE",
      "{'StringNotEquals':{'aws:RequestTag/env':['prod','staging']}}         | {'aws:RequestTag/env':'prod'}        | FALSE",
      "{'StringNotEqualsIgnoreCase':{'aws:RequestTag/env':'prod'}}           | {'aws:RequestTag/env':'PROD'}        | FALSE",
      "{'StringLike':{'aws:ResourceTag/project':'pay-*'}}                    | {'aws:ResourceTag/project':'pay-42'} | TRUE",
      "{'StringLike':{'aws:ResourceTag/project':'pay-?'}}                    | {'aws:ResourceTag/project':'pay-42'} | FALSE",
      "{'StringNotLike':{'aws:ResourceTag/project':'pay-*'}}                 | {'aws:ResourceTag/project':'ops-1'}  | TRUE",
      "{'StringNotLike':{'aws:ResourceTag/project':'pay-*'}}                 | {'aws:ResourceTag/project':'pay-1'}  | FALSE",
      // aws:SourceVpc.
      "{'StringEquals':{'aws:SourceVpc':'vpc-0abc'}}                         | {'aws:SourceVpc':'vpc-0abc'}         | TRUE",
      "{'StringEquals':{'aws:SourceVpc':'vpc-0abc'}}                         | {'aws:SourceVpc':'vpc-0def'}         | FALSE",
      "{'StringNotEquals':{'aws:SourceVpc':'vpc-0abc'}}                      | {'aws:SourceVpc':'vpc-0def'}         | TRUE",
      // ARN operators: part by part with wildcards; ArnEquals and ArnLike behave alike.
      "{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::*:role/app-*'}}          | {'aws:PrincipalArn':'arn:aws:iam::123456789012:role/app-web'} | TRUE",
      "{'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam::123456789012:role/a'}} | {'aws:PrincipalArn':'arn:aws:iam::123456789012:role/a'}       | TRUE",
      "{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::*:role/app-*'}}          | {'aws:PrincipalArn':'arn:aws:iam::123456789012:user/app-x'}   | FALSE",
      "{'ArnNotLike':{'aws:PrincipalArn':'arn:aws:iam::*:role/admin-*'}}     | {'aws:PrincipalArn':'arn:aws:iam::123456789012:role/app'}     | TRUE",
      "{'ArnNotEquals':{'aws:PrincipalArn':'arn:aws:iam::123456789012:role/a'}} | {'aws:PrincipalArn':'arn:aws:iam::123456789012:role/a'}    | FALSE",
      "{'ArnLike':{'aws:SourceArn':'arn:aws:s3:::bucket'}}                   | {'aws:SourceArn':'not-an-arn'}       | FALSE",
      // Numeric operators: compared as numbers, not strings.
      "{'NumericEquals':{'s3:max-keys':'10'}}                                | {'s3:max-keys':'10.0'}               | TRUE",
      "{'NumericNotEquals':{'s3:max-keys':'10'}}                             | {'s3:max-keys':'9'}                  | TRUE",
      "{'NumericLessThan':{'s3:max-keys':'10'}}                              | {'s3:max-keys':'9'}                  | TRUE",
      "{'NumericLessThan':{'s3:max-keys':'10'}}                              | {'s3:max-keys':'10'}                 | FALSE",
      "{'NumericLessThanEquals':{'s3:max-keys':'10'}}                        | {'s3:max-keys':'10'}                 | TRUE",
      "{'NumericGreaterThan':{'s3:max-keys':'9'}}                            | {'s3:max-keys':'10'}                 | TRUE",
      "{'NumericGreaterThanEquals':{'s3:max-keys':'10'}}                     | {'s3:max-keys':'9'}                  | FALSE",
      "{'NumericLessThan':{'s3:max-keys':'10'}}                              | {'s3:max-keys':'lots'}               | FALSE",
      // Date operators on aws:CurrentTime, as instants: offsets and epoch seconds compare by the instant.
      "{'DateLessThan':{'aws:CurrentTime':'2026-06-30T00:00:00Z'}}           | {'aws:CurrentTime':'2026-06-29T23:59:59Z'}      | TRUE",
      "{'DateLessThan':{'aws:CurrentTime':'2026-06-30T00:00:00Z'}}           | {'aws:CurrentTime':'2026-06-30T01:00:00+02:00'} | TRUE",
      "{'DateLessThan':{'aws:CurrentTime':'2026-06-30T00:00:00Z'}}           | {'aws:CurrentTime':'2026-06-30T00:00:00Z'}      | FALSE",
      "{'DateLessThanEquals':{'aws:CurrentTime':'2026-06-30T00:00:00Z'}}     | {'aws:CurrentTime':'2026-06-30T00:00:00Z'}      | TRUE",
      "{'DateGreaterThan':{'aws:CurrentTime':'2026-01-01'}}                  | {'aws:CurrentTime':'2026-01-01T00:00:01Z'}      | TRUE",
      "{'DateGreaterThanEquals':{'aws:CurrentTime':'1767225600'}}            | {'aws:CurrentTime':'2026-01-01T00:00:00Z'}      | TRUE",
      "{'DateEquals':{'aws:CurrentTime':'2026-01-01T01:00:00+01:00'}}        | {'aws:CurrentTime':'2026-01-01T00:00:00Z'}      | TRUE",
      "{'DateNotEquals':{'aws:CurrentTime':'2026-01-01T00:00:00Z'}}          | {'aws:CurrentTime':'2026-01-02T00:00:00Z'}      | TRUE",
      // Bool on aws:SecureTransport.
      "{'Bool':{'aws:SecureTransport':'false'}}                              | {'aws:SecureTransport':'false'}      | TRUE",
      "{'Bool':{'aws:SecureTransport':'false'}}                              | {'aws:SecureTransport':'TRUE'}       | FALSE",
      "{'Bool':{'aws:SecureTransport':'true'}}                               | {'aws:SecureTransport':'True'}       | TRUE",
      // IpAddress / NotIpAddress on aws:SourceIp, CIDR v4 and v6, single addresses.
      "{'IpAddress':{'aws:SourceIp':['203.0.113.0/24','198.51.100.7']}}      | {'aws:SourceIp':'203.0.113.200'}     | TRUE",
      "{'IpAddress':{'aws:SourceIp':['203.0.113.0/24','198.51.100.7']}}      | {'aws:SourceIp':'198.51.100.7'}      | TRUE",
      "{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}                       | {'aws:SourceIp':'203.0.114.1'}       | FALSE",
      "{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}                           | {'aws:SourceIp':'10.255.255.255'}    | TRUE",
      "{'IpAddress':{'aws:SourceIp':'2001:db8::/32'}}                        | {'aws:SourceIp':'2001:db8:1::5'}     | TRUE",
      "{'IpAddress':{'aws:SourceIp':'2001:db8::/32'}}                        | {'aws:SourceIp':'2001:db9::5'}       | FALSE",
      "{'IpAddress':{'aws:SourceIp':'2001:db8::/32'}}                        | {'aws:SourceIp':'203.0.113.1'}       | FALSE",
      "{'NotIpAddress':{'aws:SourceIp':['203.0.113.0/24','2001:db8::/32']}}  | {'aws:SourceIp':'192.0.2.1'}         | TRUE",
      "{'NotIpAddress':{'aws:SourceIp':['203.0.113.0/24','2001:db8::/32']}}  | {'aws:SourceIp':'2001:db8::1'}       | FALSE",
      // Null: true = the request does not carry the key.
      "{'Null':{'aws:RequestTag/owner':'true'}}                              | {'aws:RequestTag/owner':null}        | TRUE",
      "{'Null':{'aws:RequestTag/owner':'true'}}                              | {'aws:RequestTag/owner':'ana'}       | FALSE",
      "{'Null':{'aws:RequestTag/owner':'false'}}                             | {'aws:RequestTag/owner':'ana'}       | TRUE",
      "{'Null':{'aws:RequestTag/owner':'true'}}                              | {}                                   | UNKNOWN",
      // A key the request does not carry: positive operators false, negated true (the doc's rule).
      "{'StringEquals':{'aws:SourceVpc':'vpc-0abc'}}                         | {'aws:SourceVpc':null}               | FALSE",
      "{'StringNotEquals':{'aws:SourceVpc':'vpc-0abc'}}                      | {'aws:SourceVpc':null}               | TRUE",
      // ...IfExists: absent -> true, present -> the operator decides.
      "{'StringEqualsIfExists':{'aws:SourceVpc':'vpc-0abc'}}                 | {'aws:SourceVpc':null}               | TRUE",
      "{'StringEqualsIfExists':{'aws:SourceVpc':'vpc-0abc'}}                 | {'aws:SourceVpc':'vpc-0def'}         | FALSE",
      "{'IpAddressIfExists':{'aws:SourceIp':'10.0.0.0/8'}}                   | {'aws:SourceIp':'10.1.2.3'}          | TRUE",
      "{'StringEqualsIfExists':{'aws:SourceVpc':'vpc-0abc'}}                 | {}                                   | UNKNOWN",
      // Not stated: unknown, never guessed.
      "{'StringEquals':{'aws:SourceVpc':'vpc-0abc'}}                         | {'aws:SecureTransport':'true'}       | UNKNOWN",
      "{'NotIpAddress':{'aws:SourceIp':'10.0.0.0/8'}}                        | {}                                   | UNKNOWN",
      // Several keys and operators AND'ed: a false one decides even when another is unknown.
      "{'StringEquals':{'aws:SourceVpc':'vpc-0abc','aws:PrincipalTag/team':'pay'},'Bool':{'aws:SecureTransport':'true'}} | {'aws:SourceVpc':'vpc-0abc','aws:PrincipalTag/team':'pay','aws:SecureTransport':'true'} | TRUE",
      "{'StringEquals':{'aws:SourceVpc':'vpc-0abc','aws:PrincipalTag/team':'pay'}} | {'aws:SourceVpc':'vpc-0abc','aws:PrincipalTag/team':'ops'} | FALSE",
      "{'StringEquals':{'aws:SourceVpc':'vpc-0abc'},'Bool':{'aws:SecureTransport':'true'}} | {'aws:SecureTransport':'false'} | FALSE",
      "{'StringEquals':{'aws:SourceVpc':'vpc-0abc'},'Bool':{'aws:SecureTransport':'true'}} | {'aws:SecureTransport':'true'}  | UNKNOWN",
      // Condition keys are case-insensitive.
      "{'StringEquals':{'AWS:SOURCEVPC':'vpc-0abc'}}                         | {'aws:SourceVpc':'vpc-0abc'}         | TRUE",
      // BinaryEquals compares the base64 text; a negated operator with IfExists on an absent key holds.
      "{'BinaryEquals':{'aws:RequestTag/blob':'QmluYXJ5VmFsdWU='}}            | {'aws:RequestTag/blob':'QmluYXJ5VmFsdWU='} | TRUE",
      "{'BinaryEquals':{'aws:RequestTag/blob':'QmluYXJ5VmFsdWU='}}            | {'aws:RequestTag/blob':'b3RoZXI='}         | FALSE",
      "{'StringNotEqualsIfExists':{'aws:RequestTag/env':'prod'}}             | {'aws:RequestTag/env':null}          | TRUE",
      "{'ArnNotLikeIfExists':{'aws:SourceArn':'arn:aws:s3:::logs-*'}}        | {'aws:SourceArn':'arn:aws:s3:::logs-1'} | FALSE",
      // An operator IAM does not document: unknown.
      "{'StringSortOf':{'aws:SourceVpc':'vpc-0abc'}}                         | {'aws:SourceVpc':'vpc-0abc'}         | UNKNOWN",
  })
  void operators(String condition, String context, Truth expected) {
    assertThat(truth(condition.replace('\'', '"'), context.replace('\'', '"'))).isEqualTo(expected);
  }

  /** The User Guide's "Multivalued context keys" examples: ForAllValues / ForAnyValue on aws:TagKeys-like sets. */
  @ParameterizedTest(name = "[{index}] {0} with {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{'ForAllValues:StringEquals':{'aws:TagKeys':['environment','cost-center']}} | {'aws:TagKeys':['environment']}                  | TRUE",
      "{'ForAllValues:StringEquals':{'aws:TagKeys':['environment','cost-center']}} | {'aws:TagKeys':['environment','cost-center']}    | TRUE",
      "{'ForAllValues:StringEquals':{'aws:TagKeys':['environment','cost-center']}} | {'aws:TagKeys':['environment','owner']}          | FALSE",
      // ForAllValues holds on an empty set (the doc's warning), ForAnyValue does not.
      "{'ForAllValues:StringEquals':{'aws:TagKeys':['environment']}}               | {'aws:TagKeys':null}                             | TRUE",
      "{'ForAnyValue:StringEquals':{'aws:TagKeys':['environment']}}                | {'aws:TagKeys':null}                             | FALSE",
      "{'ForAnyValue:StringEquals':{'aws:TagKeys':['environment','cost-center']}}  | {'aws:TagKeys':['owner','cost-center']}          | TRUE",
      "{'ForAnyValue:StringEquals':{'aws:TagKeys':['environment','cost-center']}}  | {'aws:TagKeys':['owner']}                        | FALSE",
      "{'ForAnyValue:StringLike':{'aws:PrincipalTag/groups':'pay-*'}}              | {'aws:PrincipalTag/groups':['ops','pay-admins']} | TRUE",
      "{'ForAllValues:StringNotLike':{'aws:TagKeys':'aws:*'}}                      | {'aws:TagKeys':['team','env']}                   | TRUE",
      "{'ForAllValues:StringNotLike':{'aws:TagKeys':'aws:*'}}                      | {'aws:TagKeys':['team','aws:cloudformation']}    | FALSE",
      "{'ForAnyValue:StringNotEquals':{'aws:TagKeys':['team']}}                    | {'aws:TagKeys':['team','env']}                   | TRUE",
      "{'ForAnyValue:StringEquals':{'aws:TagKeys':'team'}}                         | {}                                               | UNKNOWN",
      "{'ForAllValues:StringEqualsIgnoreCase':{'aws:TagKeys':['Team']}}            | {'aws:TagKeys':['team','TEAM']}                  | TRUE",
  })
  void setQualifiers(String condition, String context, Truth expected) {
    assertThat(truth(condition.replace('\'', '"'), context.replace('\'', '"'))).isEqualTo(expected);
  }

  /** "IAM policy elements: Variables and tags": the ABAC example matching a resource tag with the principal's. */
  @ParameterizedTest(name = "[{index}] {0} with {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "{`StringEquals`:{`aws:ResourceTag/team`:`${aws:PrincipalTag/team}`}}       | {`aws:ResourceTag/team`:`pay`,`aws:PrincipalTag/team`:`pay`} | TRUE",
      "{`StringEquals`:{`aws:ResourceTag/team`:`${aws:PrincipalTag/team}`}}       | {`aws:ResourceTag/team`:`ops`,`aws:PrincipalTag/team`:`pay`} | FALSE",
      "{`StringEquals`:{`aws:ResourceTag/team`:`${aws:PrincipalTag/team}`}}       | {`aws:ResourceTag/team`:`pay`}                               | UNKNOWN",
      "{`StringEquals`:{`aws:ResourceTag/team`:`${aws:PrincipalTag/team}`}}       | {`aws:ResourceTag/team`:`pay`,`aws:PrincipalTag/team`:null}  | FALSE",
      "{`StringEquals`:{`aws:ResourceTag/team`:`${aws:PrincipalTag/team, 'ops'}`}} | {`aws:ResourceTag/team`:`ops`,`aws:PrincipalTag/team`:null}  | TRUE",
      "{`StringLike`:{`aws:RequestTag/path`:`home/${aws:PrincipalTag/user}/*`}}  | {`aws:RequestTag/path`:`home/ana/x`,`aws:PrincipalTag/user`:`ana`} | TRUE",
      "{`ArnLike`:{`aws:SourceArn`:`arn:aws:s3:::${aws:PrincipalTag/team}-*`}}    | {`aws:SourceArn`:`arn:aws:s3:::pay-logs`,`aws:PrincipalTag/team`:`pay`} | TRUE",
  })
  void policyVariables(String condition, String context, Truth expected) {
    assertThat(truth(condition.replace('`', '"'), context.replace('`', '"'))).isEqualTo(expected);
  }

  @Test
  void anUnknownOutcomeNamesTheKeysNotStated() {
    var o = Conditions.evaluate("{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-1\",\"aws:PrincipalTag/team\":\"x\"}}",
        RequestContext.parse("{\"aws:PrincipalTag/team\":\"x\"}"));
    assertThat(o.truth()).isEqualTo(Truth.UNKNOWN);
    assertThat(o.unknown()).containsExactly("aws:SourceVpc not stated");
  }

  @Test
  void aStatedRequestHappensAtTheInjectedClockUnlessItSaysWhen() {
    Clock clock = Clock.fixed(TestEpoch.instant(), ZoneOffset.UTC);
    String before = "{\"DateLessThan\":{\"aws:CurrentTime\":\"" + TestEpoch.instant().plus(Duration.ofHours(1)) + "\"}}";
    assertThat(Conditions.evaluate(before, RequestContext.parse("{\"aws:SourceVpc\":\"vpc-1\"}").at(clock)).truth()).isEqualTo(Truth.TRUE);
    String stated = "{\"aws:CurrentTime\":\"" + TestEpoch.instant().plus(Duration.ofHours(2)) + "\"}";
    assertThat(Conditions.evaluate(before, RequestContext.parse(stated).at(clock)).truth()).isEqualTo(Truth.FALSE);
    String epoch = "{\"NumericLessThan\":{\"aws:EpochTime\":\"" + (TestEpoch.instant().getEpochSecond() + 1) + "\"}}";
    assertThat(Conditions.evaluate(epoch, RequestContext.NONE.at(clock)).truth()).isEqualTo(Truth.TRUE);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "[]                                        | a JSON object",
      "not json                                  | not JSON",
      "{'SourceVpc':'vpc-1'}                     | not a condition key",
      "{'aws:SourceVpc':'subnet-1'}              | not a valid value",
      "{'aws:SourceIp':'my-laptop.example.com'}  | not a valid value",
      "{'aws:SourceIp':'300.1.1.1'}              | not a valid value",
      "{'aws:CurrentTime':'yesterday'}           | not a valid value",
      "{'aws:SecureTransport':'yes'}             | not a valid value",
      "{'aws:PrincipalTag/team':42}              | must be a string",
      "{'aws:PrincipalTag/team':[1]}             | every value must be a string",
      "{'aws:SourceVpc':'vpc-1','AWS:sourcevpc':'vpc-2'} | stated twice",
  })
  void aMalformedContextIsRefusedSayingWhy(String json, String says) {
    assertThatThrownBy(() -> RequestContext.parse(json.replace('\'', '"'))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(says);
  }

  @Test
  void cidrMatchingNeverResolvesNames() {
    assertThat(Conditions.inCidr("localhost", "127.0.0.0/8")).isFalse();
    assertThat(Conditions.inCidr("127.0.0.1", "127.0.0.0/33")).isFalse();
    assertThat(Conditions.inCidr("::ffff:203.0.113.9", "203.0.113.0/24")).isTrue(); // an IPv4-mapped address is the IPv4 one
    assertThat(List.of(Conditions.inCidr("192.0.2.1", "0.0.0.0/0"), Conditions.inCidr("2001:db8::1", "::/0"))).containsOnly(true);
  }
}
