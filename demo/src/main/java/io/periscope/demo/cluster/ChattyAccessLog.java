package io.periscope.demo.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The log of the production cluster's one chatty pod, Loki's gateway (an nginx in front of Loki that every log
 * shipper pushes to and Grafana queries through): an access line about every {@link #EVERY} since its container
 * started, so a pod seeded two days back holds several thousand lines over more than one day, and a few minutes of
 * 502s with nginx's own {@code connect() failed} errors about 27 hours after it started, when Loki's distributor
 * restarted. No line is stored: line {@code i} is made from the pod's name and {@code i} when it is read, stamped
 * {@code start + i * EVERY} plus a jitter below {@code EVERY} (so the times keep their order and the same line keeps
 * its time from one read to the next), and only lines stamped by the demo's clock's now exist yet: the log grows as
 * the demo runs. A read serves at most the last {@link #KEPT} lines, as a kubelet serves only its current log file
 * after rotating the older ones away, which also bounds what one read builds.
 */
final class ChattyAccessLog {
  /** The app whose pods log like this: its name as the demo's pod names start with it. */
  static final String APP = "loki-gateway";
  static final Duration EVERY = Duration.ofSeconds(25);
  static final int KEPT = 50_000;
  /** When the distributor restarted, after the container started, and for how long the gateway answered 502. */
  private static final Duration OUTAGE_AFTER = Duration.ofHours(27);
  private static final Duration OUTAGE_FOR = Duration.ofMinutes(4);
  private static final DateTimeFormatter ACCESS_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ERROR_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String[] SHIPPERS = {"10.0.1.143", "10.0.2.87", "10.0.1.201", "10.0.2.36"};
  private static final String GRAFANA = "10.0.2.118";
  private static final String[] QUERIES = {
      "%7Bnamespace%3D%22payments%22%7D", "%7Bapp%3D%22checkout-web%22%7D%20%7C%3D%20%22error%22",
      "sum%20by%20(level)%20(count_over_time(%7Bnamespace%3D%22checkout%22%7D%5B1m%5D))", "%7Bnamespace%3D%22kube-system%22%2Ccontainer%3D%22coredns%22%7D"};

  /** One line of the log: when the kubelet stamped it, and what the container wrote. */
  record Line(Instant at, String text) {}

  private final Instant start;
  private final long seed;

  /** The log of the pod {@code pod} whose container started at {@code start}. */
  ChattyAccessLog(String pod, Instant start) {
    this.start = start;
    this.seed = pod.hashCode();
  }

  /** The lines stamped up to {@code now} and at or after {@code since} (null: all), the last {@code tail} of them (-1: all, up to {@link #KEPT}). */
  List<Line> lines(Instant now, Instant since, int tail) {
    long written = count(now);
    long first = Math.max(0, written - KEPT);
    if (tail >= 0) {
      first = Math.max(first, written - tail);
    }
    List<Line> out = new ArrayList<>();
    for (long i = first; i < written; i++) {
      Instant at = at(i);
      if (since == null || !at.isBefore(since)) {
        out.add(new Line(at, text(i, at)));
      }
    }
    return out;
  }

  /** The {@code n}th line written while the log is followed, stamped {@code now}. */
  String followed(long n, Instant now) {
    return text(count(now) + n, now);
  }

  /** How many lines are stamped at or before {@code now}. */
  long count(Instant now) {
    if (now.isBefore(start)) {
      return 0;
    }
    long slots = Duration.between(start, now).toMillis() / EVERY.toMillis() + 1;
    // The last slot's line may not be due yet (its jitter puts it after now).
    return at(slots - 1).isAfter(now) ? slots - 1 : slots;
  }

  private Instant at(long i) {
    return start.plus(EVERY.multipliedBy(i)).plusMillis(random(i).nextLong(EVERY.toMillis()));
  }

  private SplittableRandom random(long i) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
  }

  private String text(long i, Instant at) {
    SplittableRandom r = random(i ^ 0x5DEECE66DL);
    String shipper = SHIPPERS[r.nextInt(SHIPPERS.length)];
    Duration since = Duration.between(start, at);
    boolean outage = since.compareTo(OUTAGE_AFTER) >= 0 && since.compareTo(OUTAGE_AFTER.plus(OUTAGE_FOR)) < 0;
    if (outage && r.nextInt(3) == 0) {
      return ERROR_TIME.format(at) + " [error] 23#23: *" + (4000 + i) + " connect() failed (111: Connection refused) while connecting to upstream, client: "
          + shipper + ", server: , request: \"POST /loki/api/v1/push HTTP/1.1\", upstream: \"http://172.20.14.31:3100/loki/api/v1/push\", "
          + "host: \"loki-gateway.monitoring.svc.cluster.local\"";
    }
    int kind = r.nextInt(100);
    String client;
    String request;
    int status;
    long bytes;
    String agent;
    double seconds;
    if (kind < 72) {
      client = shipper;
      request = "POST /loki/api/v1/push HTTP/1.1";
      status = r.nextInt(250) == 0 ? 429 : 204;
      bytes = status == 429 ? 58 : 0;
      agent = "promtail/3.0.0";
      seconds = 0.002 + r.nextInt(30) / 1000.0;
    } else if (kind < 94) {
      client = GRAFANA;
      long end = at.getEpochSecond() * 1_000_000_000L;
      request = "GET /loki/api/v1/query_range?query=" + QUERIES[r.nextInt(QUERIES.length)] + "&start=" + (end - 3_600_000_000_000L)
          + "&end=" + end + "&limit=1000&direction=backward HTTP/1.1";
      status = r.nextInt(120) == 0 ? 499 : 200;
      bytes = status == 499 ? 0 : 1_200 + r.nextInt(380_000);
      agent = "Grafana/11.3.0";
      seconds = 0.04 + r.nextInt(2_400) / 1000.0;
    } else {
      client = "10.0.1.11";
      request = "GET / HTTP/1.1";
      status = 200;
      bytes = 2;
      agent = "kube-probe/1.31";
      seconds = 0.0;
    }
    if (outage) {
      status = 502; // nginx's own page: Loki is not there to answer
      bytes = 157;
    }
    return client + " - - [" + ACCESS_TIME.format(at) + "] \"" + request + "\" " + status + " " + bytes + " \"-\" \"" + agent + "\" "
        + (200 + r.nextInt(5_800)) + " " + String.format(Locale.ROOT, "%.3f", seconds);
  }
}
