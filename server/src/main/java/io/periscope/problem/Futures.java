package io.periscope.problem;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work done on another thread, with its failure surfacing as if thrown here. */
public final class Futures {
  private Futures() {}

  /**
   * The value, rethrowing what the work threw (so the error mapper sees e.g. the apiserver's own
   * status); an interrupted wait becomes 503 {@code interrupted} naming {@code what}.
   */
  public static <T> T await(Future<T> f, String what) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Problem(ErrorCode.INTERRUPTED, what + " was interrupted");
    }
  }
}
