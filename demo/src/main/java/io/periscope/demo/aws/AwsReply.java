package io.periscope.demo.aws;

import java.util.Map;

/** One answer of the fake account: status, content type, extra headers and body, as the AWS protocol shapes it. */
record AwsReply(int status, String contentType, Map<String, String> headers, String body) {
  static final String XML = "text/xml";
  static final String JSON = "application/json";

  static AwsReply xml(int status, String body) {
    return new AwsReply(status, XML, Map.of(), body);
  }

  static AwsReply json(int status, String body) {
    return new AwsReply(status, JSON, Map.of(), body);
  }

  /** AWS escapes these five in XML text. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The query protocol's error document (IAM and STS): {@code <ErrorResponse><Error><Type>Sender</Type>
   * <Code/><Message/></Error><RequestId/></ErrorResponse>} in the service's namespace.
   */
  static AwsReply queryError(String namespace, int status, String code, String message, String requestId) {
    return xml(status, "<ErrorResponse xmlns=\"" + namespace + "\">\n  <Error>\n    <Type>Sender</Type>\n    <Code>" + escape(code)
        + "</Code>\n    <Message>" + escape(message) + "</Message>\n  </Error>\n  <RequestId>" + requestId + "</RequestId>\n</ErrorResponse>\n");
  }

  /** A query-protocol success document: {@code <XResponse><XResult>…</XResult><ResponseMetadata/></XResponse>}. */
  static AwsReply queryResult(String namespace, String action, String result, String requestId) {
    return xml(200, "<" + action + "Response xmlns=\"" + namespace + "\">\n  <" + action + "Result>\n" + result + "  </" + action
        + "Result>\n  <ResponseMetadata>\n    <RequestId>" + requestId + "</RequestId>\n  </ResponseMetadata>\n</" + action + "Response>\n");
  }

  /** A JSON 1.1 protocol error (SSM): the code in {@code __type}, the message beside it. */
  static AwsReply jsonError(int status, String code, String message, String requestId) {
    String body = "{\"__type\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    return new AwsReply(status, "application/x-amz-json-1.1", Map.of("x-amzn-RequestId", requestId), body);
  }

  /** A REST-JSON error (EKS): the code in {@code x-amzn-ErrorType}, the message in the body. */
  static AwsReply restJsonError(int status, String code, String message, String requestId) {
    String body = "{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    return new AwsReply(status, JSON, Map.of("x-amzn-ErrorType", code, "x-amzn-RequestId", requestId), body);
  }
}
