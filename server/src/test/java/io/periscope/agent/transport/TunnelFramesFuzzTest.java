package io.periscope.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.periscope.tunnel.WireHeaders;
import io.periscope.tunnel.proto.AgentProxyFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The tunnel transport's two decoders of bytes from elsewhere (a compromised or broken cluster can
 * send anything). An agent's Proxy frames become what fabric8 sees: whatever the frame says, the
 * response has a status an HTTP client can take, carries no hop-by-hop header and no header an
 * HTTP/1.1 peer could not have sent, and an error is a valid Kubernetes Status. The apiserver's
 * bytes of an upgraded connection become WebSocket frames: the reader fails only with an
 * {@link IOException}, which ends that one connection.
 */
class TunnelFramesFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** RFC 9110 field value: no control characters other than tab. */
  private static final Pattern FIELD_VALUE = Pattern.compile("[\\t\\x20-\\x7e\\x80-\\x{10ffff}]*");

  @FuzzTest
  void agentFrames(byte[] data) throws IOException {
    AgentProxyFrame frame;
    try {
      frame = AgentProxyFrame.parseFrom(data);
    } catch (InvalidProtocolBufferException notAFrame) {
      return; // gRPC refuses the call's message before the server sees it
    }
    if (frame.hasHead()) {
      for (boolean upgrade : new boolean[] {false, true}) {
        switch (TunnelAnswers.head(frame.getHead(), upgrade, "test")) {
          case TunnelAnswers.Head h -> {
            assertThat(h.status()).satisfiesAnyOf(s -> assertThat(s).isBetween(200, 599), s -> {
              assertThat(upgrade).isTrue();
              assertThat(s).isEqualTo(101);
            });
            h.headers().forEach((name, values) -> {
              assertThat(TunnelAnswers.isToken(name)).as(name).isTrue();
              assertThat(WireHeaders.isHopByHop(name)).as(name).isFalse();
              assertThat(values).allSatisfy(v -> assertThat(v).matches(FIELD_VALUE));
            });
          }
          case TunnelAnswers.Refused r -> {
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.reason()).isEqualTo("agent_bad_response");
            assertThat(JSON.readTree(r.body()).path("code").asInt()).isEqualTo(502);
          }
        }
      }
    }
    if (frame.hasError()) {
      TunnelAnswers.Refused r = TunnelAnswers.error(frame.getError(), "test");
      JsonNode status = JSON.readTree(r.body());
      String code = frame.getError().getCode();
      assertThat(status.path("kind").asText()).isEqualTo("Status");
      assertThat(status.path("code").asInt()).isEqualTo(r.status()).isIn(502, 503);
      assertThat(status.path("reason").asText()).isEqualTo(code);
      String message = "cluster 'test': " + code + ": " + frame.getError().getMessage();
      assertThat(status.path("message").asText()).isEqualTo(new String(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
  }

  @FuzzTest
  void webSocketFrames(byte[] data) {
    InputStream in = new ByteArrayInputStream(data);
    try {
      for (var f = WebSocketFrames.read(in, 1024 * 1024); f != null; f = WebSocketFrames.read(in, 1024 * 1024)) {
        assertThat(f.payload().length).isLessThanOrEqualTo(data.length);
        if (f.control()) {
          assertThat(f.fin()).isTrue();
          assertThat(f.payload().length).isLessThanOrEqualTo(125);
        }
        if (f.opcode() == WebSocketFrames.CLOSE) {
          WebSocketFrames.close(f.payload());
        } else if (f.opcode() == WebSocketFrames.TEXT) {
          WebSocketFrames.utf8(ByteBuffer.wrap(f.payload()));
        }
      }
    } catch (IOException refused) {
      // the one way bad bytes end: that connection closes
    }
  }
}
