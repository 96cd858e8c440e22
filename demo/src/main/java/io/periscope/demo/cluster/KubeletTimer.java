package io.periscope.demo.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When the demo's kubelets get round to a pod marked for deletion: they stop its containers and confirm, and only then
 * is the pod gone ({@link PodDeletion}). Injected, so that tests decide when a kubelet answers instead of waiting for it.
 */
interface KubeletTimer extends AutoCloseable {
  /** Runs {@code confirm} once {@code delay} has passed, on a thread of the timer's own. */
  void after(Duration delay, Runnable confirm);

  /** Stops running what is still due (the cluster is closing). */
  @Override
  void close();

  /** The running demo's timer: one daemon thread, so that a cluster left open never keeps the JVM up. */
  static KubeletTimer scheduled(String clusterName) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "demo-kubelets-" + clusterName);
      t.setDaemon(true);
      return t;
    });
    return new KubeletTimer() {
      @Override
      public void after(Duration delay, Runnable confirm) {
        executor.schedule(() -> {
          try {
            confirm.run();
          } catch (RuntimeException e) {
            // One pod the demo failed to remove is no reason to stop confirming the others.
            org.slf4j.LoggerFactory.getLogger(KubeletTimer.class).warn("a demo kubelet failed", e);
          }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
      }

      @Override
      public void close() {
        executor.shutdownNow();
      }
    };
  }
}
