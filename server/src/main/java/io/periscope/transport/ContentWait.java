package io.periscope.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Parks the relaying thread until Jetty says the body has more to read, with no timer per wait. A
 * 12 MB list arrives in ~200 pieces, and a timed park per piece armed and cancelled a timer of the
 * virtual-thread scheduler each time. Here the thread parks untimed; one watchdog on Jetty's
 * scheduler, re-armed only when it fires, ends a wait that outlasts the idle time. Used by one
 * thread, for one body; {@link #close()} when the relay ends.
 */
final class ContentWait implements Runnable {
  private final Thread waiter = Thread.currentThread();
  private final Scheduler scheduler;
  private final long idleNanos;
  private volatile boolean readable;
  private volatile boolean closed;
  /** The start of the wait the watchdog found too long (a wait that ended meanwhile is not failed). */
  private volatile long expiredWait;
  /** When the current wait began (nanoTime), or 0 between waits. */
  private volatile long waitingSince;
  private volatile Scheduler.Task watchdog;

  ContentWait(Scheduler scheduler, Duration idle) {
    this.scheduler = scheduler;
    this.idleNanos = idle.toNanos();
  }

  /** Jetty's demand callback: more content can be read. */
  @Override
  public void run() {
    readable = true;
    LockSupport.unpark(waiter);
  }

  /** Returns once {@code source} has content (or an end or failure) to read. */
  void await(Content.Source source) throws IOException {
    readable = false;
    long start = System.nanoTime() | 1; // never 0, which means "not waiting"
    waitingSince = start;
    try {
      if (watchdog == null) {
        arm(idleNanos);
      }
      source.demand(this);
      while (!readable) {
        if (expiredWait == start) {
          throw new IOException("the apiserver sent nothing for " + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms");
        }
        LockSupport.park(this);
        if (Thread.interrupted()) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while relaying");
        }
      }
    } finally {
      waitingSince = 0;
    }
  }

  private void arm(long delayNanos) {
    watchdog = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void check() {
    if (closed) {
      return;
    }
    long since = waitingSince;
    long waited = since == 0 ? 0 : System.nanoTime() - since;
    if (since != 0 && waited >= idleNanos) {
      expiredWait = since;
      LockSupport.unpark(waiter);
      return;
    }
    arm(Math.max(idleNanos - waited, TimeUnit.MILLISECONDS.toNanos(1)));
  }

  void close() {
    closed = true;
    Scheduler.Task task = watchdog;
    if (task != null) {
      task.cancel();
    }
  }
}
