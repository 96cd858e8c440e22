package io.periscope.clusters;

import io.periscope.http.ApiException;

/** A cluster that cannot be reached or used right now; the message names the cluster and why. */
public final class ClusterUnavailableException extends ApiException {
  public ClusterUnavailableException(int status, String code, String cluster, String reason) {
    super(status, code, "cluster '" + cluster + "': " + reason);
  }

  public ClusterUnavailableException(int status, String code, String cluster, String reason, Throwable cause) {
    super(status, code, "cluster '" + cluster + "': " + reason, cause);
  }
}
