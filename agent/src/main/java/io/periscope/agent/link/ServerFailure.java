package io.periscope.agent.link;

import io.grpc.Status;
import java.net.ConnectException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

/**
 * A failed call to the server in words an operator can act on. gRPC reports every transport problem
 * as {@code UNAVAILABLE io exception} with Netty's channel pipeline and, for TLS, "General
 * OpenSslEngine problem"; the cause that says what is wrong sits at the bottom of the chain. The
 * usual set-up mistakes get the setting to fix: a port that is not the tunnel's, the server's HTTP
 * port (plain HTTP where TLS was expected), a {@code --ca-bundle} that is not the server's agent CA,
 * and a {@code --server} name the tunnel certificate does not carry.
 */
final class ServerFailure {
  /** What the first three mistakes (a wrong port, the HTTP port, a load balancer in the way) have in common. */
  private static final String TUNNEL_PORT = "--server must name the server's agent tunnel port, agent.tunnel.port, 8443 by default";

  private ServerFailure() {}

  /**
   * @param server {@code --server} as given (host:port)
   * @param caBundle the {@code --ca-bundle} file the server was verified against
   */
  static String describe(Status status, String server, Path caBundle) {
    String plain = status.getCode() + (status.getDescription() == null ? "" : ": " + firstLine(status.getDescription()));
    Throwable root = rootCause(status.getCause());
    if (root == null) {
      return plain;
    }
    String message = String.valueOf(root.getMessage());
    String host = ServerAddress.parse(server).host();
    if (message.contains("not an SSL/TLS record")) {
      return plain + " (" + server + " answered without TLS, e.g. plain HTTP: " + TUNNEL_PORT + ", not its HTTP port)";
    }
    if (message.contains("handshake timed out")) {
      return plain + " (" + message + ": " + server + " accepted the connection but never answered TLS; " + TUNNEL_PORT
          + ", and a load balancer in front of it must pass TCP"
          + " through, not terminate TLS or HTTP)";
    }
    if (root instanceof ConnectException && message.contains("Connection refused")) {
      return plain + " (connection refused: nothing listens on " + server + "; " + TUNNEL_PORT
          + ", and the server needs agent.tunnel.enabled: true)";
    }
    if (message.contains("No subject alternative") || message.contains("No name matching")) {
      return plain + " (the server's tunnel certificate does not name " + host + ": add it to the server's"
          + " agent.tunnel.hostnames (Helm: agentTunnel.hostnames), or dial a name listed there; " + message + ")";
    }
    if (inChain(status.getCause(), CertificateException.class) || inChain(status.getCause(), CertPathValidatorException.class)
        || inChain(status.getCause(), CertPathBuilderException.class)) {
      return plain + " (the server's certificate is not signed by the CA in " + caBundle + ": --ca-bundle must be the"
          + " server's agent CA, GET /api/agents/ca, the new one after a CA rotation; " + message + ")";
    }
    return plain + " (" + message + ")";
  }

  /** The trust manager's verdict is a CertificateException, whatever its own cause (a signature, a path). */
  private static boolean inChain(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable root = t;
    while (root != null && root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** gRPC appends Netty's channel pipeline on further lines; it says nothing to an operator. */
  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
