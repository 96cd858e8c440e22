package io.periscope.agent.link;

/**
 * Whether a refusal is worth an ERROR line: a refused agent retries for as long as it runs (every
 * 30 s at most), and the same refusal at every attempt buried everything else in its log. It is
 * said when it is new or its reason changed, and then again every {@link #EVERY}th attempt so the
 * log still shows it persists; the attempts between are quiet. One per tunnel, used by its loop.
 */
final class RepeatedRefusal {
  /** At the longest back-off (30 s) about every ten minutes. */
  static final int EVERY = 20;

  private String reason = "";
  private int repeats;

  /**
   * Records one refusal.
   *
   * @return how many times in a row it came before this one (0: new), or -1 when it need not be said
   */
  int seen(String why) {
    if (!why.equals(reason)) {
      reason = why;
      repeats = 0;
      return 0;
    }
    repeats++;
    return repeats % EVERY == 0 ? repeats : -1;
  }

  /** The agent was welcomed: the next refusal is news. */
  void reset() {
    reason = "";
    repeats = 0;
  }
}
