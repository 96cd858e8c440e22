package io.periscope.karpenter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pool's running cost per hour and what its spot claims save against on-demand, from the
 * controller's price estimates. A figure that cannot be worked out is null with a note saying
 * why (no metrics, or no price for a claim's offering), never a guess.
 */
public record PoolCost(Double hourly, Double spotSavingsHourly, List<String> notes) {

  /** Neither figure: the controller's metrics could not be read. */
  public static PoolCost unavailable(String why) {
    return new PoolCost(null, null, List.of(why));
  }

  static PoolCost of(List<NodeClaimSummary> claims, PriceBook prices) {
    double hourly = 0;
    double savings = 0;
    boolean hourlyKnown = true;
    boolean savingsKnown = true;
    List<String> notes = new ArrayList<>();
    for (NodeClaimSummary c : claims) {
      if (c.instanceType().isEmpty() || c.capacityType().isEmpty()) {
        continue; // not launched yet: nothing is billed
      }
      Optional<Double> price = prices.hourly(c.instanceType(), c.capacityType(), c.zone());
      if (price.isEmpty()) {
        hourlyKnown = false;
        notes.add("no " + c.capacityType() + " price for " + c.instanceType() + " in " + c.zone() + " (" + c.name() + ")");
        continue;
      }
      hourly += price.get();
      if (PriceBook.SPOT.equals(c.capacityType())) {
        Optional<Double> onDemand = prices.hourly(c.instanceType(), PriceBook.ON_DEMAND, c.zone());
        if (onDemand.isEmpty()) {
          savingsKnown = false;
          notes.add("no on-demand price for " + c.instanceType() + " in " + c.zone() + ": spot savings unknown");
        } else {
          savings += onDemand.get() - price.get();
        }
      }
    }
    return new PoolCost(hourlyKnown ? round(hourly) : null, hourlyKnown && savingsKnown ? round(savings) : null, List.copyOf(notes));
  }

  private static double round(double dollars) {
    return Math.round(dollars * 10_000) / 10_000.0;
  }
}
