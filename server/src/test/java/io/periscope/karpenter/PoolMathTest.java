package io.periscope.karpenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.periscope.karpenter.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Limits against usage, and cost with its honest unknowns, for one pool. */
class PoolMathTest {
  private static NodeClaimSummary claim(String name, String type, String capacityType, String zone, Map<String, String> capacity) {
    return new NodeClaimSummary(name, "pool", type, capacityType, zone, null, null, List.of(), false, capacity);
  }

  private static Sample price(String type, String capacityType, String zone, double value) {
    return new Sample(PriceBook.METRIC, Map.of("instance_type", type, "capacity_type", capacityType, "zone", zone), value);
  }

  @Test
  void usageSumsClaimCapacityInEveryUnitAndComparesItWithTheLimit() {
    var lines = PoolUsage.of(Map.of("cpu", "10", "memory", "1Ti", "nvidia.com/gpu", "4"), List.of(
        claim("a", "g5.xlarge", "spot", "z", Map.of("cpu", "3500m", "memory", "16Gi", "nvidia.com/gpu", "1")),
        claim("b", "g5.xlarge", "spot", "z", Map.of("cpu", "4", "memory", "16384Mi", "nvidia.com/gpu", "1"))));
    assertThat(lines).containsExactly(
        new PoolUsage.Line("cpu", "10", "7.5", 0.75),
        new PoolUsage.Line("memory", "1024Gi", "32Gi", 0.0313),
        new PoolUsage.Line("nodes", null, "2", null),
        new PoolUsage.Line("nvidia.com/gpu", "4", "2", 0.5));
  }

  @Test
  void aZeroLimitHasNoFractionAndABadQuantityNamesTheResource() {
    assertThat(PoolUsage.of(Map.of("cpu", "0"), List.of()).getFirst()).isEqualTo(new PoolUsage.Line("cpu", "0", "0", null));
    assertThatThrownBy(() -> PoolUsage.of(Map.of("cpu", "lots"), List.of())).hasMessageContaining("cpu quantity 'lots'");
  }

  @Test
  void costCountsLaunchedClaimsAndSavingsCompareSpotWithOnDemandOfTheSameOffering() {
    var prices = new PriceBook(List.of(price("m5.large", "spot", "a", 0.04), price("m5.large", "on-demand", "a", 0.096),
        price("m5.large", "on-demand", "b", 0.096)));
    var cost = PoolCost.of(List.of(claim("s", "m5.large", "spot", "a", Map.of()), claim("o", "m5.large", "on-demand", "b", Map.of()),
        claim("launching", "", "", "", Map.of())), prices);
    assertThat(cost).isEqualTo(new PoolCost(0.136, 0.056, List.of()));
  }

  @Test
  void aMissingPriceMakesTheFigureUnknownNotZero() {
    var spotOnly = new PriceBook(List.of(price("c6g.large", "spot", "a", 0.03)));
    var noOnDemand = PoolCost.of(List.of(claim("s", "c6g.large", "spot", "a", Map.of())), spotOnly);
    assertThat(noOnDemand.hourly()).isEqualTo(0.03);
    assertThat(noOnDemand.spotSavingsHourly()).isNull();
    assertThat(noOnDemand.notes()).singleElement().asString().contains("no on-demand price for c6g.large in a");
    var unpriced = PoolCost.of(List.of(claim("x", "x9.huge", "on-demand", "a", Map.of())), spotOnly);
    assertThat(unpriced.hourly()).isNull();
    assertThat(unpriced.spotSavingsHourly()).isNull();
    assertThat(unpriced.notes()).singleElement().asString().isEqualTo("no on-demand price for x9.huge in a (x)");
  }
}
