package io.periscope.agent.ca;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** What an agent certificate says: the cluster it was issued for, in its SAN URI. */
public final class AgentCertificates {
  public static final String URI_SCHEME = "periscope-agent://";
  private static final int SAN_URI = 6;
  /** Cluster names that are safe in a subject CN and a URI authority. */
  private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private AgentCertificates() {}

  public static boolean validClusterName(String cluster) {
    return cluster != null && CLUSTER.matcher(cluster).matches();
  }

  static String uriFor(String cluster) {
    if (!validClusterName(cluster)) {
      throw new IllegalArgumentException("invalid cluster name for an agent certificate: '" + cluster + "'");
    }
    return URI_SCHEME + cluster;
  }

  /** The cluster from the certificate's {@code periscope-agent://} SAN URI, if it has exactly one. */
  public static Optional<String> cluster(X509Certificate cert) {
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans == null) {
        return Optional.empty();
      }
      List<String> clusters = sans.stream()
          .filter(san -> san.size() == 2 && Integer.valueOf(SAN_URI).equals(san.get(0)))
          .map(san -> String.valueOf(san.get(1)))
          .filter(uri -> uri.startsWith(URI_SCHEME))
          .map(uri -> uri.substring(URI_SCHEME.length()))
          .filter(AgentCertificates::validClusterName)
          .toList();
      return clusters.size() == 1 ? Optional.of(clusters.getFirst()) : Optional.empty();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
  }
}
