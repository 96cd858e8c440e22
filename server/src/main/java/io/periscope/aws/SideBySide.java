package io.periscope.aws;

import io.periscope.problem.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * Independent AWS reads of one page run side by side on virtual threads: a cluster's twenty
 * upgrade insights are twenty {@code DescribeInsight} round trips, which one after the other add
 * seconds. A few at a time, so one page stays well inside AWS's per-account request rates.
 */
public final class SideBySide {
  /** Calls of one read in flight at once. */
  public static final int CALLS_AT_ONCE = 4;

  private SideBySide() {}

  /**
   * {@code read} of every item, in the items' order, at most {@link #CALLS_AT_ONCE} at a time. The
   * first failure in item order is thrown as {@code read} threw it; the reads not yet done are cancelled.
   */
  public static <I, O> List<O> map(List<I> items, Function<I, O> read) {
    if (items.size() < 2) {
      return items.stream().map(read).toList();
    }
    Semaphore permits = new Semaphore(CALLS_AT_ONCE);
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<O>> pending = new ArrayList<>(items.size());
      for (I item : items) {
        pending.add(threads.submit(withLogContext(() -> {
          permits.acquire();
          try {
            return read.apply(item);
          } finally {
            permits.release();
          }
        })));
      }
      List<O> out = new ArrayList<>(items.size());
      try {
        for (Future<O> f : pending) {
          out.add(Futures.await(f, "reading from AWS"));
        }
      } catch (RuntimeException | Error e) {
        pending.forEach(f -> f.cancel(true));
        throw e;
      }
      return out;
    }
  }

  /** Submits {@code work} to {@code threads} with the calling thread's log context (see {@link #withLogContext}). */
  public static <T> Future<T> submit(ExecutorService threads, Callable<T> work) {
    return threads.submit(withLogContext(work));
  }

  /**
   * {@code work} run with the calling thread's log context (its request id), so what an AWS read
   * logs on another thread (e.g. AWS's words taken out of an error, AwsErrorText) names the request.
   */
  public static <T> Callable<T> withLogContext(Callable<T> work) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> before = MDC.getCopyOfContextMap();
      if (context == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(context);
      }
      try {
        return work.call();
      } finally {
        if (before == null) {
          MDC.clear();
        } else {
          MDC.setContextMap(before);
        }
      }
    };
  }
}
