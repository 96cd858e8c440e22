package io.periscope.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Replays what a pod watch saw during a change (a rollout, a deletion) into the number of pods, and of Ready ones, after
 * each event: the steps a person watching the Pods list would have seen. Shared by the rollout tests of every workload.
 */
final class PodWatchReplay {
  private PodWatchReplay() {}

  /**
   * Watches {@code pods} while {@code change} runs, until {@code replaced} old pods went and as many new ones came
   * (whichever comes last: Recreate starts them last), and replays the events from the pods listed before.
   */
  static List<int[]> podsAndReadyDuring(FilterWatchListDeletable<Pod, PodList, PodResource> pods, Runnable change, int replaced)
      throws InterruptedException {
    List<Pod> before = pods.list().getItems();
    List<Watcher.Action> actions = new CopyOnWriteArrayList<>();
    List<Pod> seen = new CopyOnWriteArrayList<>();
    Set<String> old = new HashSet<>(before.stream().map(p -> p.getMetadata().getName()).toList());
    CountDownLatch done = new CountDownLatch(2 * replaced);
    try (Watch ignored = pods.watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        actions.add(action);
        seen.add(pod);
        if (action == Action.DELETED || action == Action.ADDED && !old.contains(pod.getMetadata().getName())) {
          done.countDown();
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      change.run();
      assertThat(done.await(10, TimeUnit.SECONDS)).as("%d old pods replaced, events so far: %s", replaced, actions).isTrue();
    }
    // The watch opens with the pods there were (ADDED again, changing nothing); the change's events follow.
    Map<String, Boolean> live = new HashMap<>();
    before.forEach(p -> live.put(p.getMetadata().getName(), ready(p)));
    List<int[]> steps = new ArrayList<>();
    for (int i = 0; i < seen.size(); i++) {
      String name = seen.get(i).getMetadata().getName();
      if (actions.get(i) == Watcher.Action.DELETED) {
        live.remove(name);
      } else {
        live.put(name, ready(seen.get(i)));
      }
      steps.add(new int[] {live.size(), (int) live.values().stream().filter(r -> r).count()});
    }
    return steps;
  }

  static boolean ready(Pod pod) {
    return pod.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }
}
