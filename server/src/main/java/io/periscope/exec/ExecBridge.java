package io.periscope.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.periscope.audit.Outcome;
import io.periscope.json.Json;
import io.periscope.k8s.UpgradeRefusals;
import io.periscope.problem.KubernetesErrors;
import io.periscope.rbac.denial.DeniedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One shell: the apiserver's {@code pods/exec} WebSocket (channel protocol, TTY) opened as the
 * person through fabric8, bridged to a {@link Terminal}. Completes {@link #ended()} exactly once
 * with how the session ended, which the caller audits.
 */
public final class ExecBridge implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();

  private final Terminal terminal;
  private final Runnable activity;
  private final CompletableFuture<Ended> ended = new CompletableFuture<>();
  private final AtomicReference<String> failureBody = new AtomicReference<>();
  private volatile ExecWatch watch;

  /** How a session ended: outcome for the audit row, exit code (-1 when none), reason. */
  public record Ended(Outcome outcome, int exitCode, String reason) {}

  private final String deniedExplanation;
  private final DeniedRequest execRequest;

  private ExecBridge(Terminal terminal, Runnable activity, String deniedExplanation, DeniedRequest execRequest) {
    this.terminal = terminal;
    this.activity = activity;
    this.deniedExplanation = deniedExplanation;
    this.execRequest = execRequest;
  }

  /**
   * Starts the shell; returns once the apiserver accepted the exec. On refusal the terminal has been
   * told ({@link Terminal#failed}) and {@link #ended()} is complete.
   *
   * @param user the impersonated user name, for the explanation of a refusal
   * @param activity called on every output chunk (idle tracking)
   */
  public static ExecBridge start(KubernetesClient client, String user, String namespace, String pod, String container,
      List<String> command, Terminal terminal, Runnable activity) {
    ExecBridge bridge = new ExecBridge(terminal, activity, "the apiserver refused exec into pod " + namespace + "/" + pod
        + " (403 Forbidden) for user \"" + user + "\": RBAC must allow verb create (and get, before Kubernetes 1.30) on"
        + " resource pods/exec in API group \"\" in namespace " + namespace,
        new DeniedRequest(user, "create", "", "pods", "exec", namespace, pod, ""));
    OutputStream out = bridge.new TerminalStream();
    try {
      bridge.watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
          .redirectingInput().writingOutput(out).writingError(out).withTTY()
          .usingListener(bridge.new Listener())
          .exec(command.toArray(String[]::new));
    } catch (KubernetesClientException e) {
      bridge.refused(e);
    }
    return bridge;
  }

  public CompletableFuture<Ended> ended() {
    return ended;
  }

  public void stdin(byte[] data) throws IOException {
    ExecWatch w = watch;
    if (w != null && !ended.isDone()) {
      activity.run();
      w.getInput().write(data);
      w.getInput().flush();
    }
  }

  public void resize(int cols, int rows) {
    ExecWatch w = watch;
    if (w != null && !ended.isDone()) {
      w.resize(cols, rows);
    }
  }

  /** Ends the session from our side (browser left, idle time-out); the exit code is then unknown. */
  public void close(Outcome outcome, String reason) {
    ended.complete(new Ended(outcome, -1, reason));
    ExecWatch w = watch;
    if (w != null) {
      w.close();
    }
  }

  @Override
  public void close() {
    close(Outcome.SUCCESS, "closed by the browser");
  }

  private void refused(KubernetesClientException e) {
    int code = UpgradeRefusals.statusOf(e);
    String message = failureMessage(KubernetesErrors.message(e));
    if (code == 403) {
      // The JDK WebSocket client does not expose the body of a refused handshake, so the
      // apiserver's own RBAC sentence is usually lost: say what is missing ourselves.
      message = useful(message) ? deniedExplanation + "; apiserver: " + message : deniedExplanation;
    }
    ExecFailure.Kind kind = code == 403 ? ExecFailure.Kind.DENIED : code == 404 ? ExecFailure.Kind.NOT_FOUND
        : code == 400 ? ExecFailure.Kind.BAD_REQUEST : ExecFailure.Kind.APISERVER;
    if (ended.complete(new Ended(io.periscope.audit.AuditTrail.outcomeOfStatus(code), -1, message))) {
      // A refused handshake keeps no Status to read the request from, but this one is known.
      terminal.failed(new ExecFailure(kind, message, code == 403 ? Optional.of(execRequest) : Optional.empty()));
    }
  }

  private static boolean useful(String message) {
    return message != null && !message.isBlank() && !message.equals("null") && !message.startsWith("Failure executing")
        && !message.contains("Expected HTTP 101") && !message.equals("An error has occurred.");
  }

  /** Prefers the apiserver's Status message from the refused upgrade over fabric8's wrapper text. */
  private String failureMessage(String fallback) {
    String body = failureBody.get();
    if (body != null) {
      try {
        JsonNode status = JSON.readTree(body);
        if (status.hasNonNull("message")) {
          return status.get("message").asText();
        }
      } catch (IOException ignored) {
        // not JSON: use the fallback
      }
    }
    return fallback;
  }

  private final class Listener implements ExecListener {
    @Override
    public void onFailure(Throwable t, Response response) {
      if (response != null) {
        try {
          failureBody.set(response.body());
        } catch (IOException ignored) {
          // keep the exception's message
        }
      }
      int code = response != null ? response.code() : UpgradeRefusals.statusOf(t);
      if (code > 0) {
        refused(new KubernetesClientException(String.valueOf(t.getMessage()), code, null));
      } else if (ended.complete(new Ended(Outcome.FAILURE, -1, "exec stream failed: " + t.getMessage()))) {
        terminal.failed(new ExecFailure(ExecFailure.Kind.APISERVER, "exec stream failed: " + t.getMessage()));
      }
    }

    @Override
    public void onExit(int code, Status status) {
      String reason = code == 0 ? "exited" : status != null && status.getMessage() != null ? status.getMessage() : "exit code " + code;
      if (ended.complete(new Ended(Outcome.SUCCESS, code, reason))) {
        terminal.exited(code, reason);
      }
    }

    @Override
    public void onClose(int code, String reason) {
      String why = "exec stream closed by the apiserver (" + code + (reason == null || reason.isBlank() ? "" : " " + reason) + ")";
      if (ended.complete(new Ended(Outcome.SUCCESS, -1, why))) {
        terminal.exited(-1, why);
      }
    }
  }

  private final class TerminalStream extends OutputStream {
    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (len > 0) {
        activity.run();
        terminal.output(Arrays.copyOfRange(b, off, off + len));
      }
    }
  }
}
