package io.periscope.agent.link;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.periscope.tunnel.proto.AgentTunnelGrpc;
import io.periscope.tunnel.proto.RegisterRequest;
import io.periscope.tunnel.proto.RegisterResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: a new EC P-256 key, a CSR, and the token exchanged for a certificate (TLS, server
 * verified against the configured host name), with the first replica of the resolved server name that
 * can be reached.
 */
final class Registrar {
  private static final Logger log = LoggerFactory.getLogger(Registrar.class);

  private Registrar() {}

  /**
   * Exchanges the token for a certificate and returns the new identity, not yet stored. Tries the
   * server's addresses in turn while one cannot be reached (UNAVAILABLE: the token was not spent
   * there); any other answer is final. When {@code settings.cluster()} is set, a token minted for
   * another cluster is refused here.
   *
   * @throws RegistrationFailedException when there is no token, the server refuses or cannot be reached
   */
  static Identity register(AgentSettings settings, ServerResolver resolver) {
    return register(settings, resolver, settings.cluster(), "--cluster / PERISCOPE_AGENT_CLUSTER");
  }

  /**
   * As {@link #register(AgentSettings, ServerResolver)}, refusing a token for any cluster but
   * {@code cluster}, which {@code source} names in the message (a setting, or the certificate the
   * agent had).
   */
  static Identity register(AgentSettings settings, ServerResolver resolver, Optional<String> cluster, String source) {
    String token = settings.token().filter(t -> !t.isBlank()).orElseThrow(() -> new RegistrationFailedException(
        "no certificate in " + settings.state().describe() + " and no registration token (--token / PERISCOPE_AGENT_TOKEN) to"
            + " register with"));
    ServerAddress server = ServerAddress.parse(settings.server());
    List<InetSocketAddress> addresses;
    try {
      addresses = List.copyOf(server.endpoints(resolver.resolve(server.host())));
    } catch (UnknownHostException e) {
      throw new RegistrationFailedException("cannot resolve " + server.host() + " to register: " + e.getMessage(), true);
    }
    if (addresses.isEmpty()) {
      throw new RegistrationFailedException("cannot resolve " + server.host() + " to register: it has no address", true);
    }
    KeyPair pair = newKeyPair();
    byte[] csr = csr(pair);
    RegistrationFailedException unreachable = null;
    for (InetSocketAddress address : addresses) {
      try {
        RegisterResponse response = registerAt(settings, server, address, token, csr);
        cluster.filter(expected -> !expected.equals(response.getCluster())).ifPresent(expected -> {
          throw new RegistrationFailedException("the registration token was minted for cluster " + response.getCluster()
              + ", but this agent serves cluster " + expected + " (" + source + "); nothing was stored:"
              + " mint a token for " + expected);
        });
        log.info("registered with {} ({}) for cluster {}", settings.server(), address, response.getCluster());
        return Identity.registered(pair.getPrivate(), response.getCertificateChainPem(), token);
      } catch (StatusRuntimeException e) {
        String why = ServerFailure.describe(e.getStatus(), settings.server(), settings.caBundle());
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
          throw new RegistrationFailedException("the server refused registration: " + why);
        }
        // Nothing reached the server, so the token is still unspent: say so, the operator need not mint another.
        RegistrationFailedException failed = new RegistrationFailedException("cannot reach the server to register (the token was"
            + " not used): " + why, true);
        log.warn("cannot register at {} ({}): {}", settings.server(), address, failed.getMessage());
        unreachable = failed;
      }
    }
    throw unreachable;
  }

  private static RegisterResponse registerAt(AgentSettings settings, ServerAddress server, InetSocketAddress address, String token,
      byte[] csr) {
    ManagedChannel channel;
    try {
      channel = NettyChannelBuilder.forAddress(address, TlsChannelCredentials.newBuilder().trustManager(settings.caBundle().toFile()).build())
          .overrideAuthority(server.authority())
          .build();
    } catch (IOException e) {
      throw new RegistrationFailedException("cannot read the CA bundle " + settings.caBundle() + ": " + e.getMessage(), true);
    }
    try {
      return AgentTunnelGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
          .register(RegisterRequest.newBuilder().setToken(token).setCsrDer(ByteString.copyFrom(csr)).build());
    } finally {
      channel.shutdownNow();
    }
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JVM", e);
    }
  }

  static byte[] csr(KeyPair pair) {
    try {
      return new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=periscope-agent"), pair.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot build the CSR", e);
    }
  }

  /** Registration did not produce a certificate; the message says why. */
  static final class RegistrationFailedException extends RuntimeException {
    private final boolean tokenUnused;

    RegistrationFailedException(String message) {
      this(message, false);
    }

    RegistrationFailedException(String message, boolean tokenUnused) {
      super(message);
      this.tokenUnused = tokenUnused;
    }

    /** No server saw the token (none could be reached), so it may be presented again. */
    boolean tokenUnused() {
      return tokenUnused;
    }
  }
}
