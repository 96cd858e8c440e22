package io.periscope.audit.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditRecorder;
import io.periscope.audit.Outcome;
import io.periscope.audit.Verb;
import io.periscope.audit.store.AuditFilter;
import io.periscope.audit.store.AuditStore;
import io.periscope.audit.store.Page;
import io.periscope.audit.store.StoredEvent;
import io.periscope.auth.AuthenticatedUser;
import io.periscope.auth.http.CurrentUser;
import io.periscope.http.RequestIds;
import io.periscope.problem.Problem;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/audit}, {@code GET /api/audit/{id}}, {@code GET /api/audit/export},
 * {@code GET /api/audit/verify}, {@code GET /api/audit/verbs}. Reading is
 * not audited; exporting is (verb {@code audit_export}, with format, row count and filters).
 */
public final class AuditRoutes {
  private final AuditStore store;
  private final AuditRecorder recorder;
  private final Clock clock;

  private AuditRoutes(AuditStore store, AuditRecorder recorder, Clock clock) {
    this.store = store;
    this.recorder = recorder;
    this.clock = clock;
  }

  public static void register(RoutesConfig routes, AuditStore store, AuditRecorder recorder, Clock clock) {
    AuditRoutes r = new AuditRoutes(store, recorder, clock);
    routes.get("/api/audit", r::list);
    routes.get("/api/audit/export", r::export);
    routes.get("/api/audit/verify", r::verify);
    routes.get("/api/audit/verbs", AuditRoutes::verbs);
    // After the fixed paths above: Javalin tries routes in the order they were added.
    routes.get("/api/audit/{id}", r::one);
  }

  private void list(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    AuditQuery query = AuditQuery.of(ctx.queryParamMap(), Set.of("limit", "cursor"));
    AuditFilter requested = query.filter();
    int limit = query.limit();
    OptionalLong before = query.get("cursor")
        .map(c -> OptionalLong.of(Cursor.decode(c, requested).beforeId())).orElse(OptionalLong.empty());
    Page page = store.query(ReadScope.apply(user, requested), before, limit);
    Optional<String> next = page.nextBeforeId().isPresent()
        ? Optional.of(Cursor.after(page.nextBeforeId().getAsLong(), requested).encode())
        : Optional.empty();
    ctx.contentType("application/json").result(AuditResponses.page(page.items(), next));
  }

  /**
   * One event, for a link to it ({@code /audit?sel=ID}) that lies beyond the pages the SPA has read.
   * Under the same read scope as the list: an event the caller may not read is the same 404 as a
   * missing one, so the answer does not tell whether someone else's event exists.
   */
  private void one(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    refuseParameters(ctx, "/api/audit/{id}");
    long id = eventId(ctx.pathParam("id"));
    StoredEvent row = store.find(id, ReadScope.apply(user, AuditFilter.ALL))
        .orElseThrow(() -> Problem.notFound("audit event " + id + " not found or not visible to you"));
    ctx.contentType("application/json").result(AuditResponses.event(row));
  }

  private static long eventId(String raw) {
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below, as a value out of range is
    }
    throw Problem.badRequest("audit event id must be a positive whole number, got '" + raw + "'");
  }

  private void export(Context ctx) throws IOException {
    AuthenticatedUser user = CurrentUser.of(ctx);
    AuditQuery query = AuditQuery.of(ctx.queryParamMap(), Set.of("format"));
    ExportFormat format = ExportFormat.parse(query.get("format")
        .orElseThrow(() -> Problem.badRequest("format is required: use format=csv or format=ndjson")));
    AuditFilter scoped = ReadScope.apply(user, query.filter());
    ctx.contentType(format.contentType);
    ctx.header("Content-Disposition", "attachment; filename=\"periscope-audit-"
        + clock.instant().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + "." + format.extension + "\"");
    AtomicLong rows = new AtomicLong();
    Outcome outcome = Outcome.FAILURE;
    String reason = "";
    try (Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 64 * 1024)) {
      out.write(format.header());
      store.export(scoped, row -> {
        out.write(format.line(row));
        rows.incrementAndGet();
      });
      outcome = Outcome.SUCCESS;
    } catch (IOException | RuntimeException e) {
      reason = "export stopped after " + rows.get() + " rows: " + e.getMessage();
      throw e;
    } finally {
      recorder.record(exportEvent(ctx, user, format, rows.get(), outcome, reason));
    }
  }

  private void verify(Context ctx) {
    AuthenticatedUser user = CurrentUser.of(ctx);
    if (!user.auditAdmin()) {
      throw Problem.forbidden("verifying the audit chain needs audit admin rights (auth.authorization.auditAdminGroups)");
    }
    refuseParameters(ctx, "/api/audit/verify");
    ctx.contentType("application/json").result(AuditResponses.verification(store.verify()));
  }

  /** The verbs by kind, for the verb filter: which ones {@code changes=true} shows is said here, not again in the SPA. */
  private static void verbs(Context ctx) {
    CurrentUser.of(ctx); // a session, as for the rest of the audit API (401 without)
    refuseParameters(ctx, "/api/audit/verbs");
    ctx.contentType("application/json").result(AuditResponses.verbs());
  }

  private static void refuseParameters(Context ctx, String route) {
    ctx.queryParamMap().keySet().stream().findFirst().ifPresent(p -> {
      throw Problem.badRequest("unknown query parameter '" + p + "'; " + route + " takes none");
    });
  }

  private AuditEvent exportEvent(Context ctx, AuthenticatedUser user, ExportFormat format, long rows, Outcome outcome, String reason) {
    Map<String, Object> extra = new TreeMap<>();
    extra.put("format", format.extension);
    extra.put("rows", rows);
    Map<String, String> filters = new TreeMap<>();
    ctx.queryParamMap().forEach((k, v) -> {
      if (AuditQuery.FILTER_PARAMS.contains(k) && !v.isEmpty()) {
        filters.put(k, v.getFirst());
      }
    });
    extra.put("filters", filters);
    extra.put("scope", user.auditAdmin() ? "all" : "own");
    return new AuditEvent(clock.instant(), RequestIds.of(ctx),
        io.periscope.audit.AuditTrail.actor(user.principal()),
        Verb.AUDIT_EXPORT, AuditEvent.Target.NONE, outcome, reason, extra);
  }
}
