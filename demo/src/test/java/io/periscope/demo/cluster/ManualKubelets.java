package io.periscope.demo.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's kubelets, answering when a test says: every confirmation due is kept, with the delay it asked for, until
 * {@link #confirmAll} runs them on the test's thread. So a test sees a deleted pod terminating, then gone, without waiting.
 */
final class ManualKubelets implements KubeletTimer {
  private final List<Runnable> due = new ArrayList<>();
  private final List<Duration> asked = new ArrayList<>();

  @Override
  public synchronized void after(Duration delay, Runnable confirm) {
    due.add(confirm);
    asked.add(delay);
  }

  /** Runs the confirmations due now, in the order they were scheduled; how many ran. */
  int confirmAll() {
    List<Runnable> now;
    synchronized (this) {
      now = List.copyOf(due);
      due.clear();
    }
    now.forEach(Runnable::run);
    return now.size();
  }

  /** The delays asked for so far, oldest first. */
  synchronized List<Duration> delays() {
    return List.copyOf(asked);
  }

  @Override
  public void close() {}
}
