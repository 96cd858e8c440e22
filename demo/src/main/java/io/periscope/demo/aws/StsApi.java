package io.periscope.demo.aws;

import java.util.Map;

/**
 * STS's query API (version 2011-06-15): {@code GetCallerIdentity}, which every AWS principal may
 * call. It answers both an SDK call and the presigned GET inside an EKS bearer token, which is how
 * the demo's EKS-like apiserver learns who a token belongs to (as aws-iam-authenticator does).
 */
final class StsApi {
  static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  static final String VERSION = "2011-06-15";

  private final DemoAccount account;

  StsApi(DemoAccount account) {
    this.account = account;
  }

  /** The caller's ARN as STS reports it for an assumed-role session. */
  static String callerArn(DemoAccount account) {
    return "arn:aws:sts::" + account.accountId() + ":assumed-role/" + account.caller().role() + "/" + account.caller().session();
  }

  AwsReply handle(Map<String, String> params, String requestId) {
    String action = params.getOrDefault("Action", "");
    if (!action.equals("GetCallerIdentity") || !VERSION.equals(params.get("Version"))) {
      return AwsReply.queryError(NAMESPACE, 400, "InvalidAction", "Could not find operation " + action + " for version "
          + params.getOrDefault("Version", "(none)"), requestId);
    }
    String result = "    <Arn>" + AwsReply.escape(callerArn(account)) + "</Arn>\n    <UserId>" + IamApi.id("AROA", account.caller().role())
        + ":" + AwsReply.escape(account.caller().session()) + "</UserId>\n    <Account>" + account.accountId() + "</Account>\n";
    return AwsReply.queryResult(NAMESPACE, action, result, requestId);
  }
}
