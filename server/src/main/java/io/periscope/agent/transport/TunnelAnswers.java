package io.periscope.agent.transport;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grpc.Status;
import io.periscope.agent.tunnel.TunnelException;
import io.periscope.problem.ErrorCode;
import io.periscope.tunnel.WireHeaders;
import io.periscope.tunnel.proto.ProxyError;
import io.periscope.tunnel.proto.ResponseHead;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What fabric8 sees of the tunnel's answers. An agent's response head passes on only with a
 * status an HTTP client can take and only its end-to-end headers (a compromised agent can send
 * anything). A request the tunnel cannot serve becomes a Kubernetes {@code Status} response
 * whose reason is the tunnel's error code ({@code agent_disconnected}, {@code agent_busy}, ...),
 * so fabric8 raises it like an apiserver error and the API answers with that code
 * ({@code problem.KubernetesErrors.code}).
 */
final class TunnelAnswers {
  private TunnelAnswers() {}

  /** How a request through the tunnel was answered. */
  sealed interface Answer {}

  /** The agent's answer, to be passed on with its body. */
  record Head(int status, Map<String, List<String>> headers) implements Answer {}

  /** Refused by the tunnel (or an unusable head): a Status body with {@code reason} as its reason. */
  record Refused(int status, String reason, String message) implements Answer {
    byte[] body() {
      return Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(status).withReason(reason)
          .withMessage(message).build()).getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * The agent's response head as fabric8 may see it: any final status (200–599), or 101 when an
   * upgrade was asked for; anything else is refused with 502 {@code agent_bad_response}. Only
   * end-to-end headers pass, and only those an HTTP/1.1 peer could have sent: a name that is a
   * token, a value without control characters (tab aside), since some (the content type) go on
   * to the browser.
   */
  static Answer head(ResponseHead head, boolean upgrade, String cluster) {
    int status = head.getStatus();
    if ((upgrade && status == 101) || (status >= 200 && status <= 599)) {
      Map<String, List<String>> headers = WireHeaders.fromWire(head.getHeadersList());
      headers.keySet().removeIf(name -> !isToken(name));
      headers.replaceAll((name, values) -> values.stream().map(TunnelAnswers::fieldValue).toList());
      return new Head(status, headers);
    }
    return refused(ErrorCode.AGENT_BAD_RESPONSE, cluster,
        "the agent answered with status " + status + ", which is not an HTTP response status");
  }

  /** An RFC 9110 token, the only thing a field name may be. */
  static boolean isToken(String name) {
    return !name.isEmpty() && name.chars().allMatch(c -> c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0));
  }

  /** A field value without the control characters that would end a header line (tab stays). */
  private static String fieldValue(String v) {
    return v.chars().filter(c -> c == '\t' || (c >= 0x20 && c != 0x7f))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }

  /** An error frame the agent sent instead of a response: 503 for {@code agent_busy}, else 502, its code as the reason. */
  static Refused error(ProxyError error, String cluster) {
    int status = error.getCode().equals(ErrorCode.AGENT_BUSY.code()) ? 503 : 502;
    return new Refused(status, error.getCode(), "cluster '" + cluster + "': " + error.getCode() + ": " + error.getMessage());
  }

  /** The tunnel refused the request before it reached an agent (none connected, deregistered, ...). */
  static Refused refused(TunnelException e) {
    return new Refused(e.status(), e.code(), e.getMessage());
  }

  /** The Proxy call ended before the agent answered. */
  static Refused closed(Status status, String cluster) {
    return refused(ErrorCode.AGENT_DISCONNECTED, cluster, "the tunnel closed (" + status.getCode()
        + (status.getDescription() == null ? "" : ": " + status.getDescription()) + ")");
  }

  static Refused refused(ErrorCode code, String cluster, String why) {
    return new Refused(code.status(), code.code(), "cluster '" + cluster + "': " + code.code() + ": " + why);
  }
}
