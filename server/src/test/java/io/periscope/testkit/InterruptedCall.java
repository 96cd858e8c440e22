package io.periscope.testkit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How a blocking call ends when its thread is interrupted while it waits: the call runs on a
 * virtual thread, which is interrupted once {@code waiting} holds (e.g. a stub holds the call's
 * request).
 *
 * @param failure what the call threw (null when it returned)
 * @param stillInterrupted whether the thread's interrupt status was kept when the call ended
 * @param afterInterrupt how long the call took to end after the interrupt
 */
public record InterruptedCall(Throwable failure, boolean stillInterrupted, Duration afterInterrupt) {

  public static InterruptedCall run(Runnable call, BooleanSupplier waiting) throws Exception {
    record Ended(Throwable failure, boolean stillInterrupted, long atNanos) {}
    var ended = new CompletableFuture<Ended>();
    Thread caller = Thread.ofVirtual().start(() -> {
      Throwable failure = null;
      try {
        call.run();
      } catch (Throwable t) {
        failure = t;
      }
      ended.complete(new Ended(failure, Thread.currentThread().isInterrupted(), System.nanoTime()));
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!waiting.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        caller.interrupt();
        throw new AssertionError("the call never reached the point where it waits");
      }
      Thread.onSpinWait();
    }
    long interruptedAt = System.nanoTime();
    caller.interrupt();
    Ended e = ended.get(10, TimeUnit.SECONDS);
    return new InterruptedCall(e.failure(), e.stillInterrupted(), Duration.ofNanos(e.atNanos() - interruptedAt));
  }
}
