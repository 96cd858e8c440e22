package io.periscope.karpenter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hourly prices from the Karpenter controller's own
 * {@code karpenter_cloudprovider_instance_type_offering_price_estimate{instance_type, capacity_type, zone}}
 * gauge: the AWS provider fills it from the AWS Price List API for on-demand and from the EC2 spot
 * price history for spot (falling back to the price list it was built with when those are out of
 * reach). It is the price Karpenter itself decides by, so the savings figure compares a spot claim
 * with the on-demand price of the same type in the same zone.
 */
public final class PriceBook {
  public static final String METRIC = "karpenter_cloudprovider_instance_type_offering_price_estimate";
  public static final String ON_DEMAND = "on-demand";
  public static final String SPOT = "spot";

  private record Offering(String instanceType, String capacityType, String zone) {}

  private final Map<Offering, Double> prices = new HashMap<>();

  public PriceBook(List<PrometheusText.Sample> samples) {
    for (PrometheusText.Sample s : samples) {
      if (s.name().equals(METRIC) && Double.isFinite(s.value()) && s.value() >= 0) {
        prices.put(new Offering(s.label("instance_type"), s.label("capacity_type"), s.label("zone")), s.value());
      }
    }
  }

  public boolean isEmpty() {
    return prices.isEmpty();
  }

  public Optional<Double> hourly(String instanceType, String capacityType, String zone) {
    return Optional.ofNullable(prices.get(new Offering(instanceType, capacityType, zone)));
  }
}
