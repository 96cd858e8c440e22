package io.periscope.clusters;

import io.periscope.problem.ErrorCode;
import io.periscope.problem.Problem;

/** A cluster that cannot be reached or used right now; the message names the cluster and why. */
public final class ClusterUnavailableException extends Problem {
  public ClusterUnavailableException(ErrorCode code, String cluster, String reason) {
    super(code, "cluster '" + cluster + "': " + reason);
  }

  public ClusterUnavailableException(ErrorCode code, String cluster, String reason, Throwable cause) {
    super(code, "cluster '" + cluster + "': " + reason, cause);
  }
}
