package io.periscope.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One browser tab's stream: its subscriptions (each attached to a possibly shared watch) feed
 * one bounded queue that a single writer drains. If the browser cannot keep up and the queue fills, the stream ends; the browser
 * reconnects with {@code Last-Event-ID} and resumes without losing events.
 */
public final class LiveStream implements AutoCloseable {
  static final int QUEUE = 10_000;
  /** Returned by {@link #next} once the stream was closed (server shutting down). */
  public static final StreamEvent CLOSED = new StreamEvent("closed", "", null, null);

  private final BlockingQueue<StreamEvent> queue = new LinkedBlockingQueue<>(QUEUE);
  private final Map<String, String> positions = new ConcurrentHashMap<>();
  private final List<Runnable> detaches = new ArrayList<>();
  private final Runnable release;
  private volatile boolean overflowed;
  private volatile boolean closed;

  private final Runnable onClose;

  LiveStream(Runnable release, Runnable onClose) {
    this.release = release;
    this.onClose = onClose;
  }

  void emit(StreamEvent event) {
    if (!closed && !queue.offer(event)) {
      overflowed = true;
    }
  }

  String updatePosition(String subscription, String resourceVersion) {
    positions.put(subscription, resourceVersion);
    return StreamPosition.format(positions);
  }

  /** Runs {@code detach} when the stream closes (at once if it already has). */
  void onClose(Runnable detach) {
    boolean now;
    synchronized (this) {
      now = closed;
      if (!now) {
        detaches.add(detach);
      }
    }
    if (now) {
      detach.run();
    }
  }

  /**
   * The next event, or null when none arrived within {@code wait} (time for a heartbeat);
   * {@link #CLOSED} once the stream was closed and its final event (if any) was taken.
   */
  public StreamEvent next(Duration wait) throws InterruptedException {
    StreamEvent e = closed ? queue.poll() : queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    return e == null && closed ? CLOSED : e;
  }

  /**
   * Closes the stream with a last event for the browser (e.g. the session ended): every watch is
   * detached at once, so nothing more is read as the person, and the writer sends {@code last}
   * before it stops.
   */
  public void end(StreamEvent last) {
    close(last);
  }

  public boolean closed() {
    return closed;
  }

  /** True when events were dropped; the stream must end so the browser resumes from its position. */
  public boolean overflowed() {
    return overflowed;
  }

  /** Every subscription's current resourceVersion, in {@code Last-Event-ID} form. */
  public String position() {
    return StreamPosition.format(positions);
  }

  @Override
  public void close() {
    close(null);
  }

  private synchronized void close(StreamEvent last) {
    if (closed) {
      return;
    }
    closed = true;
    detaches.forEach(Runnable::run);
    release.run();
    queue.clear();
    if (last != null) {
      queue.offer(last);
    }
    queue.offer(CLOSED); // wakes a writer waiting in next()
    onClose.run();
  }
}
