package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.periscope.tunnel.proto.AgentProxyFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tunnel's two decoders of bytes from elsewhere. An agent's Proxy frames (a compromised or
 * broken cluster can send anything) become the HTTP/1.1 response the server's own client reads
 * from the loopback gateway: whatever the frame says, that response is well-formed, carries no
 * header the agent smuggled in, and an error is a valid Kubernetes Status. The gateway's request
 * reader fails only with an {@link IOException}, which ends that one connection.
 */
class TunnelFramesFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A final answer (200–599); 1xx would leave the client waiting for another head, and 101 is only for an upgrade. */
  private static final Pattern FINAL_STATUS_LINE = Pattern.compile("HTTP/1\\.1 [2-5][0-9][0-9] [\\x20-\\x7e]*");
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 [1-5][0-9][0-9] [\\x20-\\x7e]*");
  /** RFC 9110 field: a token, a colon, and a value without control characters other than tab. */
  private static final Pattern FIELD_LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+: [\\t\\x20-\\x7e\\x80-\\xff]*");

  @FuzzTest
  void agentFrames(byte[] data) throws IOException {
    AgentProxyFrame frame;
    try {
      frame = AgentProxyFrame.parseFrom(data);
    } catch (InvalidProtocolBufferException notAFrame) {
      return; // gRPC refuses the call's message before the server sees it
    }
    if (frame.hasHead()) {
      for (String method : List.of("GET", "HEAD")) {
        for (String upgrade : List.of("", "websocket")) {
          var out = new ByteArrayOutputStream();
          var written = LoopbackGateway.writeResponseHead(out, frame.getHead(), method, upgrade);
          String wire = out.toString(StandardCharsets.ISO_8859_1);
          int end = wire.indexOf("\r\n\r\n");
          assertThat(end).as(wire).isPositive();
          String[] lines = requireWellFormedHead(wire.substring(0, end + 4));
          String body = wire.substring(end + 4);
          switch (written) {
            case SWITCHED -> assertThat(lines[0]).isEqualTo("HTTP/1.1 101 Switching Protocols");
            case REFUSED -> {
              assertThat(lines[0]).startsWith("HTTP/1.1 502 ");
              assertThat(JSON.readTree(body.getBytes(StandardCharsets.ISO_8859_1)).path("code").asInt()).isEqualTo(502);
            }
            case WITH_BODY, WITHOUT_BODY -> {
              assertThat(lines[0]).matches(FINAL_STATUS_LINE);
              assertThat(body).isEmpty();
            }
          }
        }
      }
    }
    if (frame.hasError()) {
      String code = frame.getError().getCode();
      String message = "cluster 'test': " + code + ": " + frame.getError().getMessage();
      JsonNode status = JSON.readTree(LoopbackGateway.statusBody(502, code, message).getBytes(StandardCharsets.UTF_8));
      assertThat(status.path("kind").asText()).isEqualTo("Status");
      assertThat(status.path("code").asInt()).isEqualTo(502);
      assertThat(status.path("reason").asText()).isEqualTo(code);
      assertThat(status.path("message").asText()).isEqualTo(new String(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
  }

  @FuzzTest
  void gatewayRequests(byte[] data) {
    InputStream in = new ByteArrayInputStream(data);
    try {
      Http1.Request request = Http1.readHead(in);
      if (request != null) {
        try (InputStream body = Http1.body(request, in)) {
          body.readAllBytes();
        }
      }
    } catch (IOException refused) {
      // the one way a bad request ends: the gateway closes that connection
    }
  }

  /** One status line, field lines, an empty line, and nothing after it; no line carries a stray CR or LF. */
  private static String[] requireWellFormedHead(String wire) {
    assertThat(wire).endsWith("\r\n\r\n");
    String head = wire.substring(0, wire.length() - 4);
    assertThat(head).doesNotContain("\r\n\r\n");
    String[] lines = head.split("\r\n", -1);
    assertThat(lines[0]).matches(STATUS_LINE);
    for (int i = 1; i < lines.length; i++) {
      assertThat(lines[i]).as("field line %d of %s", i, Map.of("head", head)).matches(FIELD_LINE);
    }
    return lines;
  }
}
