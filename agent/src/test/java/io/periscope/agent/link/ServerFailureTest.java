package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up mistakes an operator makes with {@code --server} and {@code --ca-bundle}, made for real
 * against loopback listeners: registration fails naming the setting to fix, not Netty's pipeline.
 */
class ServerFailureTest {
  @TempDir
  Path dir;

  @Test
  void theServersHttpPortInsteadOfTheTunnelPortIsNamed() throws Exception {
    // What the server's HTTP port (Jetty) does with a TLS ClientHello: a 400 in plain HTTP, then it closes.
    try (ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        try (var socket = http.accept()) {
          socket.getInputStream().read(new byte[512]);
          socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.io.IOException ignored) {
          // the test fails on the agent's message, not here
        }
      });
      String server = "localhost:" + http.getLocalPort();
      assertThatThrownBy(() -> register(server, pem(selfSigned("localhost"))))
          .hasMessageStartingWith("cannot reach the server to register (the token was not used): UNAVAILABLE: io exception (")
          .hasMessageContaining(server + " answered without TLS, e.g. plain HTTP: --server must name the server's agent tunnel port,"
              + " agent.tunnel.port, 8443 by default, not its HTTP port")
          .hasMessageNotContaining("Channel Pipeline")
          .hasMessageNotContaining("485454502f");
    }
  }

  @Test
  void aListenerThatNeverAnswersTlsIsNamed() throws Exception {
    // Accepts (the kernel's backlog does) and never answers: an HTTP server waiting for a request, a misrouted balancer.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String server = "localhost:" + silent.getLocalPort();
      assertThatThrownBy(() -> register(server, pem(selfSigned("localhost"))))
          .hasMessageStartingWith("cannot reach the server to register (the token was not used): UNAVAILABLE")
          .hasMessageContaining(server + " accepted the connection but never answered TLS; --server must name the server's agent"
              + " tunnel port");
    }
  }

  @Test
  void aPortNobodyListensOnIsNamed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String server = "localhost:" + port;
    assertThatThrownBy(() -> register(server, pem(selfSigned("localhost"))))
        .hasMessageStartingWith("cannot reach the server to register (the token was not used): UNAVAILABLE")
        .hasMessageContaining("connection refused: nothing listens on " + server + "; --server must name the server's agent tunnel port");
  }

  @Test
  void aCaBundleThatDidNotSignTheServerIsNamed() throws Exception {
    Issued tunnel = selfSigned("localhost");
    Server server = tlsServer(tunnel);
    try {
      Path bundle = pem(selfSigned("another-ca.example.com"));
      assertThatThrownBy(() -> register("localhost:" + server.getPort(), bundle))
          .hasMessageStartingWith("cannot reach the server to register (the token was not used): UNAVAILABLE")
          .hasMessageContaining("the server's certificate is not signed by the CA in " + bundle + ": --ca-bundle must be the server's"
              + " agent CA, GET /api/agents/ca")
          .hasMessageNotContaining("General OpenSslEngine problem");
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void aServerNameTheTunnelCertificateDoesNotCarryIsNamed() throws Exception {
    Issued tunnel = selfSigned("periscope-tunnel.example.com");
    Server server = tlsServer(tunnel);
    try {
      assertThatThrownBy(() -> register("localhost:" + server.getPort(), pem(tunnel)))
          .hasMessageStartingWith("cannot reach the server to register (the token was not used): UNAVAILABLE")
          .hasMessageContaining("the server's tunnel certificate does not name localhost: add it to the server's agent.tunnel.hostnames"
              + " (Helm: agentTunnel.hostnames)");
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void aStatusWithoutACauseKeepsItsCodeAndFirstLine() {
    assertThat(ServerFailure.describe(io.grpc.Status.PERMISSION_DENIED.withDescription("certificate_revoked: gone\nmore"),
        "localhost:8443", dir.resolve("ca.pem"))).isEqualTo("PERMISSION_DENIED: certificate_revoked: gone");
  }

  private void register(String server, Path caBundle) {
    AgentSettings settings = new AgentSettings(server, Optional.of("psa_token"), caBundle, dir.resolve("state"),
        URI.create("https://kubernetes.default.svc"), dir.resolve("sa-token"), Optional.empty(), 8, Duration.ofMillis(50),
        Duration.ofMillis(500), Duration.ofSeconds(30));
    Registrar.register(settings, ServerResolver.SYSTEM);
  }

  private Server tlsServer(Issued identity) throws Exception {
    Path cert = pem(identity);
    Path key = dir.resolve("key-" + identity.cert().getSerialNumber() + ".pem");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(identity.key().getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        TlsServerCredentials.create(cert.toFile(), key.toFile())).build().start();
  }

  private Path pem(Issued issued) throws Exception {
    Path file = dir.resolve("cert-" + issued.cert().getSerialNumber() + ".pem");
    Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(issued.cert().getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    return file;
  }

  private record Issued(KeyPair key, X509Certificate cert) {}

  private static long serial;

  /** A self-signed CA certificate for {@code dnsName}, as the server's tunnel certificate and as an agent's bundle. */
  private static Issued selfSigned(String dnsName) throws Exception {
    KeyPair pair = Registrar.newKeyPair();
    X500Principal name = new X500Principal("CN=" + dnsName);
    Instant now = Instant.now();
    var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(++serial), Date.from(now.minusSeconds(300)),
        Date.from(now.plusSeconds(3600)), name, pair.getPublic())
        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)))
        .addExtension(Extension.basicConstraints, true, new org.bouncycastle.asn1.x509.BasicConstraints(true));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    return new Issued(pair, cert);
  }
}
