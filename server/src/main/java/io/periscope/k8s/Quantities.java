package io.periscope.k8s;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Optional;

/** Kubernetes quantities ({@code 250m}, {@code 1.5}, {@code 512Mi}, {@code 1G}) in base units: cores, bytes, counts. */
public final class Quantities {
  private Quantities() {}

  /** The quantity's value in base units; empty when it is absent, blank or no Kubernetes quantity. */
  public static Optional<BigDecimal> parse(String quantity) {
    if (quantity == null || quantity.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Quantity.getAmountInBytes(new Quantity(quantity)));
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Optional.empty();
    }
  }
}
