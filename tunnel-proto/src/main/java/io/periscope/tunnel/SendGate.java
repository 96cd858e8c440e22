package io.periscope.tunnel;

import io.grpc.stub.CallStreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Outbound flow control for one call: a sender waits here until gRPC's per-stream window can take
 * another message, instead of letting {@code onNext} buffer without bound. Register
 * {@link #onReady()} as the call's on-ready handler.
 */
public final class SendGate {
  private final CallStreamObserver<?> call;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean closed;

  public SendGate(CallStreamObserver<?> call) {
    this.call = call;
  }

  /** The call's on-ready handler. */
  public void onReady() {
    signal();
  }

  /** The call ended (completed, failed or cancelled): release any waiting sender. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** @return true when the call is ready for another message, false when it ended meanwhile */
  public boolean awaitReady() throws InterruptedException {
    lock.lock();
    try {
      while (!closed && !call.isReady()) {
        // The bounded wait only guards against a lost wake-up; readiness is signalled.
        changed.await(250, TimeUnit.MILLISECONDS);
      }
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
