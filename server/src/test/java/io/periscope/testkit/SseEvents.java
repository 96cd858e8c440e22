package io.periscope.testkit;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads an SSE response on a background thread into events and a comment count. */
public final class SseEvents implements AutoCloseable {
  /** One dispatched event: {@code event}, {@code id} (may be null) and {@code data}. */
  public record Event(String event, String id, String data) {}

  private final HttpResponse<Stream<String>> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final AtomicInteger comments = new AtomicInteger();
  private final Thread reader;

  public SseEvents(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.reader = Thread.ofVirtual().name("sse-reader").start(this::read);
  }

  public int status() {
    return response.statusCode();
  }

  private void read() {
    Map<String, String> fields = new HashMap<>();
    try (Stream<String> lines = response.body()) {
      lines.forEach(line -> {
        if (line.isEmpty()) {
          if (fields.containsKey("data")) {
            events.add(new Event(fields.getOrDefault("event", "message"), fields.get("id"), fields.get("data")));
          }
          fields.clear();
        } else if (line.startsWith(":")) {
          comments.incrementAndGet();
        } else {
          int colon = line.indexOf(':');
          String name = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
          fields.merge(name, value, (a, b) -> a + "\n" + b);
        }
      });
    } catch (RuntimeException closed) {
      // the test closed the stream
    }
  }

  /** The next event matching {@code filter} within {@code timeout}; earlier non-matching ones are dropped. */
  public Event next(Predicate<Event> filter, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new AssertionError("no matching event within " + timeout);
      }
      if (filter.test(e)) {
        return e;
      }
    }
  }

  /** True once the server ended the response within {@code timeout}. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return reader.join(timeout);
  }

  public int comments() {
    return comments.get();
  }

  @Override
  public void close() {
    response.body().close();
    reader.interrupt();
  }
}
