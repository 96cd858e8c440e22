package io.periscope.logs.http;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.auth.SessionChannels;
import io.periscope.auth.http.CurrentUser;
import io.periscope.http.RequestIds;
import io.periscope.k8s.ImpersonatingClients;
import io.periscope.logs.FollowedLogs;
import io.periscope.logs.LogStreams;
import io.periscope.logs.WorkloadKind;
import io.periscope.logs.WorkloadLogSink;
import io.periscope.logs.WorkloadLogs;
import io.periscope.problem.KubernetesErrors;
import io.periscope.problem.Problem;
import io.periscope.stream.StreamLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET .../resources/{group}/{version}/{plural}/{ns}/{name}/logs}: the logs of every pod a
 * Deployment, StatefulSet, DaemonSet, ReplicaSet or Job selects, as the person, in one response
 * (newline-delimited JSON, or prefixed text to download). Audited once as {@code log_open} on the
 * workload; reading the workload and listing its pods are part of that action.
 */
final class WorkloadLogRoutes {
  private static final Logger log = LoggerFactory.getLogger(WorkloadLogRoutes.class);
  static final String PATH = "/api/clusters/{cluster}/resources/{group}/{version}/{plural}/{namespace}/{name}/logs";
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final ImpersonatingClients clients;
  private final AuditTrail trail;
  private final SessionChannels channels;
  private final Clock clock;
  /**
   * Followed workload logs a person may hold at once: each holds up to {@link WorkloadLogs#MAX_STREAMS}
   * apiserver log streams and a pod watch. A closed tab frees its place at the next heartbeat.
   */
  private final StreamLimits follows = new StreamLimits(WorkloadLogs.MAX_FOLLOWS_PER_PERSON, Integer.MAX_VALUE,
      n -> "you are following " + n + " workloads' logs already (the most at once); close one of those tabs first"
          + " (a closed tab frees its place within " + HEARTBEAT.toSeconds() + " s)");

  private WorkloadLogRoutes(ImpersonatingClients clients, AuditTrail trail, SessionChannels channels, Clock clock) {
    this.clients = clients;
    this.trail = trail;
    this.channels = channels;
    this.clock = clock;
  }

  static void register(RoutesConfig routes, ImpersonatingClients clients, AuditTrail trail, SessionChannels channels, Clock clock) {
    routes.get(PATH, new WorkloadLogRoutes(clients, trail, channels, clock)::logs);
  }

  private record Resolved(KubernetesClient client, LabelSelector selector, List<Pod> pods) {}

  private void logs(Context ctx) throws IOException {
    AuthenticatedUser user = CurrentUser.of(ctx);
    WorkloadKind kind = WorkloadKind.of(ctx.pathParam("group"), ctx.pathParam("version"), ctx.pathParam("plural"));
    LogQuery query = LogQuery.parse(ctx);
    boolean all = LogQuery.flag(ctx, "allContainers");
    if (all && query.options().container().isPresent()) {
      throw Problem.badRequest("query parameters 'container' and 'allContainers' exclude each other: name one container, or ask for all");
    }
    var choice = new WorkloadLogs.ContainerChoice(query.options().container(), all);
    // A previous instance has nothing more to follow, and a download is read to its end.
    boolean follow = query.options().follow() && !query.options().previous() && !query.download();
    String ns = ctx.pathParam("namespace");
    String name = ctx.pathParam("name");
    // Taken before any apiserver call: past the cap nothing is read for the person.
    Runnable release = follow ? follows.acquire(user.principal().subject()) : () -> { };
    try {
      respond(ctx, user, kind, query, all, choice, follow, ns, name);
    } finally {
      release.run();
    }
  }

  private void respond(Context ctx, AuthenticatedUser user, WorkloadKind kind, LogQuery query, boolean all, WorkloadLogs.ContainerChoice choice,
      boolean follow, String ns, String name) throws IOException {
    Resolved resolved = trail.runNoting(action(ctx, user, kind, query, all), notes -> {
      KubernetesClient client = clients.forUser(ctx.pathParam("cluster"), user.principal());
      LabelSelector selector = kind.selectorOf(client, ns, name);
      notes.put("selector", io.periscope.resources.LabelSelector.text(selector));
      List<Pod> pods = WorkloadLogs.pods(client, ns, selector);
      notes.put("pods", pods.size());
      return new Resolved(client, selector, pods);
    });
    OutputStream out = ctx.res().getOutputStream();
    WorkloadLogSink sink;
    ctx.status(200).header("Cache-Control", "no-store");
    if (query.download()) {
      ctx.contentType("text/plain; charset=utf-8");
      ctx.header("Content-Disposition", "attachment; filename=\"" + name + "_" + kind.plural() + "_" + FILE_TIME.format(clock.instant()) + ".log\"");
      sink = new PrefixedTextLogSink(out, query.options().timestamps());
    } else {
      ctx.contentType(NdjsonLogSink.CONTENT_TYPE + "; charset=utf-8");
      sink = new NdjsonLogSink(out);
    }
    try {
      sink.selector(io.periscope.resources.LabelSelector.text(resolved.selector()), WorkloadLogs.MAX_STREAMS);
      if (follow) {
        follow(ctx, resolved, choice, query, sink);
      } else {
        LogStreams streams = new LogStreams();
        try (var bound = channels.bind(CurrentUser.session(ctx), why -> streams.closeAll())) {
          WorkloadLogs.merged(resolved.client(), ns, resolved.pods(), choice, query.options(), streams, sink);
        } finally {
          streams.closeAll();
        }
      }
    } catch (IOException e) {
      log.debug("workload log {}/{}/{} ended early: {}", kind.plural(), ns, name, e.toString());
    }
  }

  private void follow(Context ctx, Resolved resolved, WorkloadLogs.ContainerChoice choice, LogQuery query, WorkloadLogSink sink)
      throws IOException {
    sink.flush(); // status, headers and the selector now: a followed log may stay quiet for a long time
    var followed = new FollowedLogs(resolved.client(), ctx.pathParam("namespace"), choice, query.options(), sink);
    try (followed; var bound = channels.bind(CurrentUser.session(ctx), why -> followed.close())) {
      try {
        followed.start(resolved.selector());
      } catch (KubernetesClientException e) {
        sink.failed(e.getCode(), "watching the pods: " + KubernetesErrors.message(e));
        return;
      }
      followed.awaitEnd(HEARTBEAT);
    }
  }

  private static AuditTrail.Action action(Context ctx, AuthenticatedUser user, WorkloadKind kind, LogQuery q, boolean all) {
    var o = q.options();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("container", o.container().orElse(""));
    extra.put("allContainers", all);
    extra.put("follow", o.follow());
    extra.put("previous", o.previous());
    o.tailLines().ifPresent(n -> extra.put("tailLines", n));
    o.sinceSeconds().ifPresent(n -> extra.put("sinceSeconds", n));
    o.sinceTime().ifPresent(t -> extra.put("sinceTime", t.toString()));
    o.limitBytes().ifPresent(n -> extra.put("limitBytes", n));
    extra.put("download", q.download());
    return new AuditTrail.Action(AuditTrail.actor(user.principal()), RequestIds.of(ctx), Verb.LOG_OPEN,
        new AuditEvent.Target(ctx.pathParam("cluster"), ctx.pathParam("namespace"), kind.plural(), ctx.pathParam("name")), extra);
  }
}
