package io.periscope.bench.audit;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.periscope.audit.AsyncAuditRecorder;
import io.periscope.audit.AuditEvent;
import io.periscope.audit.FlushOutcome;
import io.periscope.audit.Outcome;
import io.periscope.audit.RecorderSettings;
import io.periscope.audit.Verb;
import io.periscope.audit.store.AuditFilter;
import io.periscope.audit.store.AuditStore;
import io.periscope.audit.store.Page;
import io.periscope.audit.store.PostgresAuditStore;
import io.periscope.audit.store.SqliteAuditStore;
import io.periscope.storage.PostgresDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Prints: (1) events/s recorded through {@link AsyncAuditRecorder} into SQLite and PostgreSQL
 * (4 producer threads, durable at the final flush); (2) p50/p95 of three filtered queries and one
 * free-text query (first page, limit 100) over {@code bench.rows} rows in each store.
 */
public final class AuditBench {
  private static final Instant END = Instant.parse("2026-03-31T00:00:00Z");
  private static final int PRODUCERS = 4;
  private static final int QUERY_RUNS = 200;

  private AuditBench() {}

  public static void main(String[] args) throws Exception {
    long rows = Long.getLong("bench.rows", 1_000_000);
    long ingest = Long.getLong("bench.ingest", 200_000);
    Path dir = Files.createTempDirectory("periscope-audit-bench");
    System.out.printf("audit bench: ingest %,d events per store, query store %,d rows, %d CPUs%n",
        ingest, rows, Runtime.getRuntime().availableProcessors());

    try (SqliteAuditStore sqlite = SqliteAuditStore.open(dir.resolve("ingest.db"))) {
      ingest("sqlite", sqlite, ingest);
    }
    try (SqliteAuditStore sqlite = SqliteAuditStore.open(dir.resolve("query.db"))) {
      fill("sqlite", sqlite, rows);
      queries("sqlite", sqlite);
    }
    if (!Boolean.parseBoolean(System.getProperty("bench.postgres", "true"))) {
      return;
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      try (HikariDataSource ds = PostgresDatabase.open(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
          PostgresAuditStore store = new PostgresAuditStore(ds)) {
        ingest("postgres", store, ingest);
        fill("postgres", store, rows - store.count());
        try (var conn = ds.getConnection(); var st = conn.createStatement()) {
          st.execute("VACUUM ANALYZE audit_events");
        }
        queries("postgres", store);
      }
    }
  }

  /** Events/s from record() on 4 threads until the recorder's flush says every event is durable. */
  private static void ingest(String label, AuditStore store, long n) throws Exception {
    SyntheticEvents events = new SyntheticEvents(1, END, 3600);
    List<AuditEvent> prepared = new ArrayList<>((int) n);
    for (long i = 0; i < n; i++) {
      prepared.add(events.next(i, n));
    }
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // production defaults, except producers may wait longer for queue space: this measures the
    // writer's sustained rate, not how many events a burst can overflow into the log
    RecorderSettings d = RecorderSettings.DEFAULTS;
    RecorderSettings settings = new RecorderSettings(d.queueCapacity(), d.maxBatch(), d.linger(), Duration.ofSeconds(30),
        d.sinkQueueBatches(), d.sinkAttempts(), d.retryBackoff());
    try (AsyncAuditRecorder recorder = AsyncAuditRecorder.start(List.of(store), settings, registry)) {
      long start = System.nanoTime();
      List<Thread> producers = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        int offset = p;
        producers.add(Thread.ofPlatform().start(() -> {
          for (int i = offset; i < prepared.size(); i += PRODUCERS) {
            recorder.record(prepared.get(i));
          }
        }));
      }
      for (Thread t : producers) {
        t.join();
      }
      FlushOutcome outcome = recorder.flush(Duration.ofMinutes(10));
      double seconds = (System.nanoTime() - start) / 1e9;
      double writerCpu = writerCpuSeconds(store.name());
      System.out.printf("[%s] ingest: %,d events in %.2f s = %,.0f events/s (flush %s, dropped %.0f, rows now %,d)%n",
          label, n, seconds, n / seconds, outcome, registry.get("periscope.audit.dropped").counter().count(), store.count());
      System.out.printf("[%s] ingest: writer thread used %.2f s CPU = %,.0f events per writer-CPU-second (machine load average %.1f on %d CPUs)%n",
          label, writerCpu, n / writerCpu, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
    }
  }

  private static double writerCpuSeconds(String sink) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("audit-sink-" + sink))
        .mapToLong(t -> threads.getThreadCpuTime(t.threadId())).sum() / 1e9;
  }

  /** Bulk-loads rows straight through append() in batches (the recorder's path minus the queue). */
  private static void fill(String label, AuditStore store, long n) {
    SyntheticEvents events = new SyntheticEvents(7, END, 30L * 86_400);
    long start = System.nanoTime();
    List<AuditEvent> batch = new ArrayList<>(5_000);
    for (long i = 0; i < n; i++) {
      batch.add(events.next(i, n));
      if (batch.size() == 5_000) {
        store.append(batch);
        batch.clear();
      }
    }
    store.append(batch);
    System.out.printf("[%s] filled %,d rows in %.1f s; store now %,d rows, %,d MB%n",
        label, n, (System.nanoTime() - start) / 1e9, store.count(), store.sizeBytes() / (1024 * 1024));
  }

  private static void queries(String label, AuditStore store) {
    SplittableRandom random = new SplittableRandom(42);
    run(label, store, "actor=user-N", i -> AuditFilter.ALL.withActor("user-" + random.nextInt(SyntheticEvents.ACTORS)));
    run(label, store, "cluster+namespace", i -> AuditFilter.ALL.withCluster(
        "cluster-" + random.nextInt(SyntheticEvents.CLUSTERS), "ns-" + random.nextInt(SyntheticEvents.NAMESPACES)));
    run(label, store, "verb+outcome+7 days", i -> AuditFilter.ALL
        .withVerb(SyntheticEvents.VERBS.get(random.nextInt(SyntheticEvents.VERBS.size()))).withOutcome(Outcome.DENIED)
        .withRange(END.minus(Duration.ofDays(7 + random.nextInt(7))), END.minus(Duration.ofDays(random.nextInt(3)))));
    run(label, store, "q=free text", i -> AuditFilter.ALL.withText(
        List.of("crashloopbackoff", "webhook", "conflict modified", "forbidden user-" + random.nextInt(SyntheticEvents.ACTORS)).get(i % 4)));
    Page page = store.query(AuditFilter.ALL.withVerb(Verb.DELETE), OptionalLong.empty(), 100);
    System.out.printf("[%s] sanity: first page of verb=delete has %d rows, next cursor %s%n",
        label, page.items().size(), page.nextBeforeId().isPresent() ? "present" : "absent");
  }

  private static void run(String label, AuditStore store, String name, IntFunction<AuditFilter> filters) {
    for (int i = 0; i < 20; i++) {
      store.query(filters.apply(i), OptionalLong.empty(), 100); // warm-up
    }
    Latencies latencies = new Latencies(QUERY_RUNS);
    long returned = 0;
    for (int i = 0; i < QUERY_RUNS; i++) {
      AuditFilter f = filters.apply(i);
      long start = System.nanoTime();
      returned += store.query(f, OptionalLong.empty(), 100).items().size();
      latencies.add(System.nanoTime() - start);
    }
    System.out.printf("[%s] query %-20s %s  avg rows/page %.0f%n", label, name, latencies.summary(), (double) returned / QUERY_RUNS);
  }

}
