package io.periscope.stream.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.auth.SessionChannels;
import io.periscope.auth.http.CurrentUser;
import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;
import io.periscope.stream.LiveStream;
import io.periscope.stream.LiveStreams;
import io.periscope.stream.StreamEvent;
import io.periscope.stream.StreamPosition;
import io.periscope.stream.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/stream}: one SSE stream per tab multiplexing its list subscriptions, with
 * heartbeats and {@code Last-Event-ID} resume. {@code GET /api/stream/poll}: the same events by
 * long polling, for networks that buffer or block SSE.
 */
public final class StreamRoutes {
  private static final Duration MAX_POLL_WAIT = Duration.ofSeconds(30);
  private static final Duration POLL_LINGER = Duration.ofMillis(100);
  private static final Duration PROBE_AFTER = Duration.ofMillis(250);

  private final LiveStreams streams;
  private final SessionChannels channels;
  private final Duration heartbeat;

  private StreamRoutes(LiveStreams streams, SessionChannels channels, Duration heartbeat) {
    this.streams = streams;
    this.channels = channels;
    this.heartbeat = heartbeat;
  }

  public static void register(RoutesConfig routes, LiveStreams streams, SessionChannels channels, Duration heartbeat) {
    var r = new StreamRoutes(streams, channels, heartbeat);
    routes.get("/api/stream", r::stream);
    routes.get("/api/stream/poll", r::poll);
  }

  private void stream(Context ctx) throws Exception {
    var user = CurrentUser.of(ctx);
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      throw new Problem(ErrorCode.NOT_ACCEPTABLE, "send Accept: text/event-stream (or use /api/stream/poll)");
    }
    var subs = Subscription.parseAll(ctx.queryParam("subscriptions"));
    LiveStream stream = streams.open(user.principal(), subs, StreamPosition.parse(ctx.header("Last-Event-ID")));
    // Written on the request's own (virtual) thread: the handler returns only when the stream
    // ends, so the response is never completed behind the writer's back.
    try (stream; var bound = bindToSession(ctx, stream); var out = new SseWriter(ctx)) {
      out.comment("connected");
      StreamEvent e;
      boolean probeDue = false;
      while (!stream.overflowed() && (e = stream.next(probeDue ? PROBE_AFTER : heartbeat)) != LiveStream.CLOSED) {
        if (e != null) {
          out.event(e.type(), e.id(), e.subscription(), e.data());
          probeDue = false;
        } else if (probeDue) {
          // A write to a connection the browser closed usually succeeds once (the peer answers it
          // with a reset) and fails the next time: this second write frees a gone tab's stream,
          // its watches and its slot in the person's cap within one heartbeat, not two or more.
          out.comment("");
          probeDue = false;
        } else {
          out.comment("heartbeat");
          probeDue = true;
        }
      }
    } catch (java.io.IOException browserGone) {
      // the browser went away; closing the stream closed its watches
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void poll(Context ctx) throws InterruptedException {
    var user = CurrentUser.of(ctx);
    var subs = Subscription.parseAll(ctx.queryParam("subscriptions"));
    String from = ctx.queryParam("position") != null ? ctx.queryParam("position") : ctx.header("Last-Event-ID");
    Duration wait = waitParam(ctx.queryParam("waitSeconds"));
    List<StreamEvent> events = new ArrayList<>();
    try (LiveStream stream = streams.open(user.principal(), subs, StreamPosition.parse(from));
        var bound = bindToSession(ctx, stream)) {
      long deadline = System.nanoTime() + wait.toNanos();
      StreamEvent e;
      while ((e = stream.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) != null && e != LiveStream.CLOSED) {
        events.add(e);
        if (!e.type().equals("ready")) {
          deadline = Math.min(deadline, System.nanoTime() + POLL_LINGER.toNanos());
        }
      }
      ctx.json(Map.of("events", events, "position", stream.position()));
    }
  }

  /**
   * Ends the stream with a {@code session_ended} event when its session ends: the browser learns
   * why ({@code reason}, {@code message}, whether to sign in again) and no watch outlives it.
   */
  private SessionChannels.Binding bindToSession(Context ctx, LiveStream stream) {
    return channels.bind(CurrentUser.session(ctx), why -> stream.end(new StreamEvent("session_ended", null,
        Map.of("reason", why.code(), "message", why.message(), "signIn", why.signInAgain()), null)));
  }

  private static Duration waitParam(String text) {
    try {
      long s = text == null ? 20 : Long.parseLong(text);
      if (s < 0 || s > MAX_POLL_WAIT.toSeconds()) {
        throw Problem.badRequest("waitSeconds must be 0 to " + MAX_POLL_WAIT.toSeconds());
      }
      return Duration.ofSeconds(s);
    } catch (NumberFormatException ex) {
      throw Problem.badRequest("waitSeconds must be an integer, got '" + text + "'");
    }
  }
}
