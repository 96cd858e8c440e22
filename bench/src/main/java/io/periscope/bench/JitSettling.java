package io.periscope.bench;

import java.util.ArrayDeque;

/**
 * When a warm-up may stop: a JVM's JIT counts as settled once it compiled for less than a budget
 * over the last few rounds. Fed the JVM's total compile time once per round, before the round.
 */
final class JitSettling {
  private final int rounds;
  private final long budgetMillis;
  private final ArrayDeque<Long> seen = new ArrayDeque<>();

  JitSettling(int rounds, long budgetMillis) {
    this.rounds = rounds;
    this.budgetMillis = budgetMillis;
  }

  /** Notes the JIT's total compile time now; true once the last {@code rounds} rounds compiled for less than the budget. */
  boolean settled(long totalCompileMillis) {
    seen.addLast(totalCompileMillis);
    if (seen.size() > rounds + 1) {
      seen.removeFirst();
    }
    return seen.size() == rounds + 1 && seen.getLast() - seen.getFirst() < budgetMillis;
  }
}
