package io.periscope.cache;

import io.periscope.problem.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** What {@link CallCache} and {@link SharedReads} share once their map holds a key's future. */
final class FirstAsker {
  private FirstAsker() {}

  /**
   * The answer of {@code current}, the future the map holds for the key. If that is {@code mine},
   * this thread asked first and makes the call; a failed call is forgotten ({@code forgetMine})
   * before its future fails, so whoever sees the failure asks anew next time.
   */
  static <V> V answer(CompletableFuture<V> current, CompletableFuture<V> mine, Supplier<? extends V> call, Runnable forgetMine, String what) {
    if (current == mine) {
      try {
        mine.complete(call.get());
      } catch (RuntimeException | Error e) {
        forgetMine.run();
        mine.completeExceptionally(e);
      }
    }
    return Futures.await(current, what);
  }
}
