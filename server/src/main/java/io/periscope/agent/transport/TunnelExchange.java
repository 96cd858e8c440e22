package io.periscope.agent.transport;

import com.google.protobuf.UnsafeByteOperations;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.periscope.agent.tunnel.ProxyCall;
import io.periscope.problem.ErrorCode;
import io.periscope.tunnel.proto.AgentProxyFrame;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One request sent through a Proxy call, up to the agent's response head. */
final class TunnelExchange {
  /** Request bodies travel in frames of at most this many bytes (the agent answers in frames of the same size). */
  static final int FRAME = 64 * 1024;

  private TunnelExchange() {}

  /** The request head's target: the URI's raw path and query, whatever host fabric8 put in front. */
  static String target(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** fabric8's headers plus the body's content type, which fabric8 keeps apart from them. */
  static Map<String, List<String>> headers(StandardHttpRequest request) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(request.headers());
    if (request.body() != null && request.getContentType() != null) {
      headers.putIfAbsent("Content-Type", List.of(request.getContentType()));
    }
    return headers;
  }

  /** Sends the request's body (each frame waiting for the call's window), then its end. */
  static void sendBody(StandardHttpRequest request, ProxyCall call) throws IOException, InterruptedException {
    switch (request.body()) {
      case null -> { }
      case StandardHttpRequest.StringBodyContent s -> sendBytes(s.getContent().getBytes(StandardCharsets.UTF_8), call);
      case StandardHttpRequest.ByteArrayBodyContent b -> sendBytes(b.getContent(), call);
      case StandardHttpRequest.InputStreamBodyContent in -> {
        try (InputStream from = in.getContent()) {
          for (byte[] chunk = from.readNBytes(FRAME); chunk.length > 0; chunk = from.readNBytes(FRAME)) {
            call.sendBody(UnsafeByteOperations.unsafeWrap(chunk));
          }
        }
      }
      default -> throw new IllegalArgumentException("unsupported request body " + request.body().getClass().getName());
    }
    call.endBody();
  }

  private static void sendBytes(byte[] bytes, ProxyCall call) throws InterruptedException {
    for (int at = 0; at < bytes.length; at += FRAME) {
      call.sendBody(UnsafeByteOperations.unsafeWrap(bytes, at, Math.min(FRAME, bytes.length - at)));
    }
  }

  /**
   * Waits for the agent's answer. A refusal (an error frame, the call ending, an unusable head)
   * has already ended the call when this returns.
   */
  static TunnelAnswers.Answer awaitHead(ProxyCall call, boolean upgrade, String cluster) throws InterruptedException {
    while (true) {
      switch (call.next()) {
        case ProxyCall.Frame(AgentProxyFrame f) when f.hasHead() -> {
          TunnelAnswers.Answer answer = TunnelAnswers.head(f.getHead(), upgrade, cluster);
          if (answer instanceof TunnelAnswers.Refused r) {
            call.cancel(r.message());
          }
          return answer;
        }
        case ProxyCall.Frame(AgentProxyFrame f) when f.hasError() -> {
          call.finish();
          return TunnelAnswers.error(f.getError(), cluster);
        }
        case ProxyCall.Frame ignored -> { }
        case ProxyCall.Completed c -> {
          call.finish();
          return TunnelAnswers.refused(ErrorCode.AGENT_BAD_RESPONSE, cluster,
              "the agent ended the call without answering");
        }
        case ProxyCall.Failed(var status) -> {
          return TunnelAnswers.closed(status, cluster);
        }
      }
    }
  }
}
