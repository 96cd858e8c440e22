package io.periscope.audit;

import java.util.Locale;

/** How a privileged action ended. {@code DENIED} means the apiserver or Periscope's own authz refused. */
public enum Outcome {
  SUCCESS,
  FAILURE,
  DENIED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
