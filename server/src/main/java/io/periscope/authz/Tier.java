package io.periscope.authz;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Built-in permission tiers, ordered from least to most privileged; the highest mapped tier wins. */
public enum Tier {
  READ,
  TRIAGE,
  WRITE,
  MAINTAIN,
  ADMIN;

  public static final String GROUP_PREFIX = "periscope-tier:";

  /** The wire and config name: {@code read}, {@code triage}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Kubernetes group impersonated for this tier, bound by the chart's tier bindings. */
  public String impersonatedGroup() {
    return GROUP_PREFIX + wireName();
  }

  public static Optional<Tier> parse(String value) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst();
  }
}
