package io.periscope.agent.transport;

import com.google.protobuf.ByteString;
import io.periscope.agent.tunnel.ProxyCall;
import io.periscope.tunnel.proto.AgentProxyFrame;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * The agent's body frames on one Proxy call, read as bytes. Each read takes one frame, which
 * lets gRPC deliver one more: a reader that stops reading stops the agent for this call only.
 */
final class CallReader {
  private final ProxyCall call;
  private final String cluster;

  CallReader(ProxyCall call, String cluster) {
    this.call = call;
    this.cluster = cluster;
  }

  ProxyCall call() {
    return call;
  }

  /**
   * The next body bytes (never empty), or null at the end of the body, which also finishes the call.
   *
   * @param idle how long to wait for a frame; null waits as long as it takes
   * @throws IOException when the call fails, the agent reports an error, or nothing came for {@code idle}
   */
  ByteString next(Duration idle) throws IOException {
    try {
      while (true) {
        ProxyCall.Event e = idle == null ? call.next() : call.next(idle);
        switch (e) {
          case null -> throw new IOException("cluster '" + cluster + "': the agent sent nothing for " + idle.toMillis() + " ms");
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasBody() -> {
            if (!f.getBody().isEmpty()) {
              return f.getBody();
            }
          }
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasEnd() -> {
            call.finish();
            return null;
          }
          case ProxyCall.Frame(AgentProxyFrame f) when f.hasError() -> throw new IOException("cluster '" + cluster + "': "
              + f.getError().getCode() + ": " + f.getError().getMessage());
          case ProxyCall.Frame ignored -> { }
          case ProxyCall.Completed c -> throw new IOException("cluster '" + cluster + "': the agent ended the response before its end");
          case ProxyCall.Failed(var status) -> throw new IOException(TunnelAnswers.closed(status, cluster).message());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading from cluster '" + cluster + "'");
    }
  }

  /** Abandons the call: the agent stops reading from the apiserver. */
  void cancel(String reason) {
    call.cancel(reason);
  }
}
