package io.periscope.logs.http;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.auth.SessionChannels;
import io.periscope.auth.http.CurrentUser;
import io.periscope.http.RequestIds;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.logs.FollowedLogs;
import io.periscope.logs.LogOptions;
import io.periscope.logs.PodContainers;
import io.periscope.logs.PodLogs;
import io.periscope.logs.WorkloadLogSink;
import io.periscope.logs.WorkloadLogs;
import io.periscope.stream.StreamLimits;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET .../pods/{ns}/{name}/logs} streams a container log as chunked {@code text/plain}, or,
 * to a client that accepts {@code application/x-ndjson} (the console), as the workload logs' events
 * with the kubelet's time on each line and a heartbeat while it is quiet, so a closed tab is noticed
 * (audited once per stream as {@code log_open}); {@code GET .../containers} feeds the picker.
 */
public final class LogRoutes {
  private static final Logger log = LoggerFactory.getLogger(LogRoutes.class);
  private static final String POD = "/api/clusters/{cluster}/pods/{namespace}/{name}";
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final ImpersonatingClients clients;
  private final AuditTrail trail;
  private final SessionChannels channels;
  private final Clock clock;
  /**
   * Followed pod logs a person may hold at once, each an apiserver stream: as many as the live
   * streams a person may hold (one per tab). A tab reading events frees its place within a
   * heartbeat of closing; a plain-text reader that went away is noticed at the log's next write.
   */
  private final StreamLimits follows = new StreamLimits(PodLogs.MAX_FOLLOWS_PER_PERSON, Integer.MAX_VALUE,
      n -> "you are following " + n + " pod logs already (the most at once); close one of those tabs first"
          + " (a closed tab frees its place within " + WorkloadLogRoutes.HEARTBEAT.toSeconds() + " s)");

  private LogRoutes(ImpersonatingClients clients, AuditRecorder audit, SessionChannels channels, Clock clock) {
    this.clients = clients;
    this.trail = new AuditTrail(audit, clock);
    this.channels = channels;
    this.clock = clock;
  }

  public static void register(RoutesConfig routes, ImpersonatingClients clients, AuditRecorder audit, SessionChannels channels,
      Clock clock) {
    var r = new LogRoutes(clients, audit, channels, clock);
    routes.get(POD + "/logs", r::logs);
    routes.get(POD + "/containers", r::containers);
    WorkloadLogRoutes.register(routes, clients, r.trail, channels, clock);
  }

  private void containers(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    KubernetesClient client = clients.forUser(ctx.pathParam("cluster"), user.principal());
    ctx.json(PodContainers.list(PodContainers.get(client, ctx.pathParam("namespace"), ctx.pathParam("name"))));
  }

  private void logs(Context ctx) throws IOException {
    AuthenticatedUser user = CurrentUser.of(ctx);
    LogQuery query = LogQuery.parse(ctx);
    boolean events = !query.download() && String.valueOf(ctx.header("Accept")).contains(NdjsonLogSink.CONTENT_TYPE);
    // A previous instance has nothing more to follow, and a download is read to its end.
    boolean follow = query.options().follow() && !query.options().previous() && !query.download();
    // Taken before any apiserver call: past the cap nothing is read for the person.
    Runnable release = follow ? follows.acquire(user.principal().subject()) : () -> { };
    try {
      Opened opened = open(ctx, user, query, events);
      try {
        if (events) {
          respondWithEvents(ctx, query, opened);
        } else {
          respondWithText(ctx, query, opened);
        }
      } finally {
        // Also when the browser left before the first byte went out (its flush threw): nothing else would close
        // the apiserver's stream, and a followed log has no time-out. Closing it twice is harmless.
        closeQuietly(opened.stream());
      }
    } finally {
      release.run();
    }
  }

  /**
   * Identity, pod and container lookups are part of the audited action: a refusal at any of them
   * leaves its log_open row. Events carry the kubelet's time on each line, so they are asked for.
   */
  private Opened open(Context ctx, AuthenticatedUser user, LogQuery query, boolean events) {
    String ns = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    LogOptions options = events ? query.options().withTimestamps() : query.options();
    return trail.runNoting(action(ctx, user, query), notes -> {
      KubernetesClient client = clients.forUser(ctx.pathParam("cluster"), user.principal());
      String chosen = PodContainers.choose(PodContainers.get(client, ns, name), options.container());
      notes.put("container", chosen);
      return new Opened(client, chosen, PodLogs.open(client, ns, name, chosen, options));
    });
  }

  private void respondWithText(Context ctx, LogQuery query, Opened opened) throws IOException {
    String name = ctx.pathParam("name");
    PodLogs.OpenStream stream = opened.stream();
    ctx.status(200).contentType("text/plain; charset=utf-8").header("Cache-Control", "no-store");
    if (query.download()) {
      ctx.header("Content-Disposition", "attachment; filename=\"" + fileName(name, opened.container(), query.options()) + "\"");
    }
    // A followed log ends with the session: closing the apiserver side ends the pump below.
    try (var bound = channels.bind(CurrentUser.session(ctx), why -> closeQuietly(stream))) {
      ctx.res().flushBuffer(); // status and headers now: a followed log may stay quiet for a long time
      PodLogs.pump(stream, ctx.res().getOutputStream());
    } catch (IOException e) {
      // The browser went away (or the apiserver cut the stream); PodLogs closed the apiserver side.
      log.debug("log stream {}/{}/{} ended early: {}", ctx.pathParam("namespace"), name, opened.container(), e.toString());
    }
  }

  private void respondWithEvents(Context ctx, LogQuery query, Opened opened) throws IOException {
    ctx.status(200).contentType(NdjsonLogSink.CONTENT_TYPE + "; charset=utf-8").header("Cache-Control", "no-store");
    var sink = new NdjsonLogSink(ctx.res().getOutputStream());
    var source = new WorkloadLogSink.Source(ctx.pathParam("name"), opened.container());
    var reading = new FollowedLogs(opened.client(), ctx.pathParam("namespace"), new WorkloadLogs.ContainerChoice(Optional.of(opened.container()), false),
        query.options(), sink);
    try (reading; var bound = channels.bind(CurrentUser.session(ctx), why -> reading.close())) {
      sink.flush(); // status and headers now: a followed log may stay quiet for a long time
      reading.startOne(source, opened.stream());
      reading.awaitEnd(WorkloadLogRoutes.HEARTBEAT);
    } catch (IOException e) {
      log.debug("log events {}/{}/{} ended early: {}", ctx.pathParam("namespace"), source.pod(), source.container(), e.toString());
    }
  }

  private static void closeQuietly(PodLogs.OpenStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      log.debug("closing a log stream: {}", e.toString());
    }
  }

  private String fileName(String pod, String container, LogOptions o) {
    return pod + "_" + container + (o.previous() ? "_previous" : "") + "_" + FILE_TIME.format(clock.instant()) + ".log";
  }

  private record Opened(KubernetesClient client, String container, PodLogs.OpenStream stream) {}

  private static AuditTrail.Action action(Context ctx, AuthenticatedUser user, LogQuery q) {
    var o = q.options();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("container", o.container().orElse(""));
    extra.put("follow", o.follow());
    extra.put("previous", o.previous());
    o.tailLines().ifPresent(n -> extra.put("tailLines", n));
    o.sinceSeconds().ifPresent(n -> extra.put("sinceSeconds", n));
    o.sinceTime().ifPresent(t -> extra.put("sinceTime", t.toString()));
    o.limitBytes().ifPresent(n -> extra.put("limitBytes", n));
    extra.put("download", q.download());
    return new AuditTrail.Action(AuditTrail.actor(user.principal()), RequestIds.of(ctx), Verb.LOG_OPEN,
        new AuditEvent.Target(ctx.pathParam("cluster"), ctx.pathParam("namespace"), "pods", ctx.pathParam("name")), extra);
  }
}
