package io.periscope.exec.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsContext;
import io.periscope.exec.ExecFailure;
import io.periscope.exec.Terminal;
import io.periscope.json.Json;
import io.periscope.rbac.denial.DenialExplainer;
import io.periscope.rbac.denial.DeniedRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The exec protocol's server side over one Javalin WebSocket: binary output, JSON control messages, close codes. */
final class WsTerminal implements Terminal {
  private static final ObjectMapper JSON = Json.mapper();
  private final WsContext ws;
  private final Function<DeniedRequest, Optional<DenialExplainer.Explanation>> explain;

  /** @param explain the grant to ask for when the apiserver refused a known request (see {@link DenialExplainer#explainKnown}) */
  WsTerminal(WsContext ws, Function<DeniedRequest, Optional<DenialExplainer.Explanation>> explain) {
    this.ws = ws;
    this.explain = explain;
  }

  @Override
  public synchronized void output(byte[] data) {
    if (ws.session.isOpen()) {
      ws.send(ByteBuffer.wrap(data));
    }
  }

  @Override
  public synchronized void exited(int code, String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "exit");
    m.put("code", code);
    m.put("reason", reason);
    control(m);
    close(1000, "exit " + code);
  }

  @Override
  public synchronized void failed(ExecFailure f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "error");
    m.put("code", f.kind().code());
    m.put("message", f.message());
    // The same fields as a 403 body's, so the console shows the same "Ask a cluster admin for this".
    f.refused().flatMap(explain).ifPresent(e -> {
      m.put("denied", e.denied());
      m.put("askAdmin", e.askAdmin());
    });
    control(m);
    close(f.kind().closeCode(), f.kind().code());
  }

  /** A non-fatal protocol error (malformed message): reported, the shell stays open. */
  synchronized void warn(String code, String message) {
    control(Map.of("type", "error", "code", code, "message", message));
  }

  synchronized void control(Map<String, Object> message) {
    if (!ws.session.isOpen()) {
      return;
    }
    try {
      ws.send(JSON.writeValueAsString(message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void close(int code, String reason) {
    if (ws.session.isOpen()) {
      byte[] r = reason.getBytes(StandardCharsets.UTF_8);
      ws.closeSession(code, r.length > 120 ? reason.substring(0, 40) : reason);
    }
  }
}
